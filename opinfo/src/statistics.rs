pub fn records() -> Vec<crate::OpInfo> {
    Vec::new()
}
