//! `OPINFO_SHARD=k/n`: the k-th (1-based) of n deterministic, balanced slices of the matrix.
//! Trial i of the plan belongs to shard `i mod n + 1`: the plan lists an op's dtypes and
//! templates side by side, so round-robin gives every shard the same mix of cheap and costly
//! trials, and the slices are disjoint and cover the matrix.

use reports::Shard;

/// The environment variable selecting a shard.
pub const SHARD_ENV: &str = "OPINFO_SHARD";

/// The shard `OPINFO_SHARD` selects, if any.
pub fn from_env() -> Result<Option<Shard>, String> {
    match std::env::var(SHARD_ENV) {
        Err(_) => Ok(None),
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => parse(&v).map(Some),
    }
}

/// Parses `k/n` with `1 <= k <= n`.
pub fn parse(v: &str) -> Result<Shard, String> {
    let bad = || format!("{SHARD_ENV}={v:?}: expected k/n with 1 <= k <= n, e.g. 2/3");
    let (k, n) = v.trim().split_once('/').ok_or_else(bad)?;
    let (index, count) = (
        k.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if index == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

/// Whether trial `i` of the plan is in shard `s`.
pub fn holds(s: Shard, i: usize) -> bool {
    i % s.count + 1 == s.index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        assert_eq!(parse(" 1 / 1 "), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_are_disjoint_and_cover() {
        let n = 3;
        for i in 0..100 {
            let owners = (1..=n)
                .filter(|&k| holds(Shard { index: k, count: n }, i))
                .count();
            assert_eq!(owners, 1, "trial {i}");
        }
    }
}
