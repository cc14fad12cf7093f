//! The records of ai.

use serde::{Deserialize, Serialize};
