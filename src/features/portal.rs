//! Cardholder portal pieces: card tiles and a simple transaction list.

pub mod card_tile;
pub mod survey_card;
pub mod tx_list;

pub use card_tile::{CardControls, CardTile};
pub use survey_card::SurveyCard;
pub use tx_list::TxList;
