//! Behaviour of the identity domain: users, organizations and their members, devices and settings.

#[allow(unused_imports)]
use super::*;

/// The identity behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __identity_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(identity; $($args)*; );
    };
}
