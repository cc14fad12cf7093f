//! Identity: users, organizations and their members, devices and settings.

pub(crate) mod devices;
pub mod model;
pub(crate) mod organizations;
pub(crate) mod settings;
pub(crate) mod users;
