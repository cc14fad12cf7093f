//! The records of billing.

use serde::{Deserialize, Serialize};
