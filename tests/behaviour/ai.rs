//! Behaviour of the ai domain: provider configs, the interaction ledger and its cost queries, orchestration flows.

#[allow(unused_imports)]
use super::*;

/// The ai behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __ai_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(ai; $($args)*; );
    };
}
