//! The segment builder: a reactive rule tree, its editor, and the live count.

pub mod builder;
pub mod editor;
pub mod model;
pub mod summary;

pub use builder::Builder;
pub use editor::GroupEditor;
pub use model::{GroupState, NodeKind};
pub use summary::CountPanel;
