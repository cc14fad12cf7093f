//! Behaviour of the billing domain: subscriptions and invoices.

#[allow(unused_imports)]
use super::*;

/// The billing behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __billing_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(billing; $($args)*; );
    };
}
