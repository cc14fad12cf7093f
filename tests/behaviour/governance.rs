//! Behaviour of the governance domain: permissions, consent, telemetry and the audit log.

#[allow(unused_imports)]
use super::*;

/// The governance behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __governance_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(governance; $($args)*; );
    };
}
