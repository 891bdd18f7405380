//! The CUDA [`Backend`]: elementwise maps, casts and reductions as NVRTC-compiled kernels on
//! the tensors' device, over the same loop signatures, layouts and resolved reduction requests
//! the CPU gets.

use super::launch;
use crate::backend::{Backend, Elementwise, Loop, Reduction};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::tensor::Tensor;

/// Every CUDA device (the tensors say which).
pub struct Cuda;

fn not_cuda(op: &'static str) -> Error {
    Error::Device {
        op,
        msg: "operand is not on the CUDA device".into(),
    }
}

impl Backend for Cuda {
    fn map(&self, k: &Elementwise, lp: &Loop, ins: &[Tensor], shape: &[usize]) -> Result<Tensor> {
        let guards: Vec<_> = ins
            .iter()
            .map(|t| t.cuda_storage().ok_or_else(|| not_cuda(k.op)))
            .collect::<Result<_>>()?;
        let layouts: Vec<Layout> = ins
            .iter()
            .map(|t| t.layout().broadcast_to(shape))
            .collect::<Result<_>>()?;
        let views: Vec<(&super::CudaStorage, &Layout)> =
            guards.iter().map(|g| &**g).zip(&layouts).collect();
        let dev = guards[0].device().clone();
        let out = launch::ufunc(&dev, k, lp, &views, shape)?;
        Ok(Tensor::from_cuda(out, Layout::contiguous(shape)))
    }

    fn cast(&self, t: &Tensor, to: DType) -> Result<Tensor> {
        let s = t.cuda_storage().ok_or_else(|| not_cuda("astype"))?;
        let out = launch::cast(&s, t.layout(), to)?;
        Ok(Tensor::from_cuda(out, Layout::contiguous(t.shape())))
    }

    fn cast_into(&self, op: &'static str, src: &Tensor, dst: &Tensor) -> Result<()> {
        let s = src.cuda_storage().ok_or_else(|| not_cuda(op))?;
        let d = dst.cuda_storage_mut().ok_or_else(|| not_cuda(op))?;
        launch::cast_into(op, &s, src.layout(), &d, dst.layout())
    }

    fn reduce(&self, r: &Reduction<'_>) -> Result<Tensor> {
        super::reduce::reduce(r)
    }
}
