//! One module per command: its arguments and a `run` that returns a verdict
//! or a failure for `output::finish` to print.

pub mod check_key;
pub mod inspect;
pub mod keygen;
pub mod sign;
pub mod verify;
