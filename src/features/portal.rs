//! Cardholder portal pieces: card tiles, a transaction list, a bill, the
//! installment and rewards pieces, the survey card.

pub mod bill;
pub mod card_tile;
pub mod installments;
pub mod rewards;
pub mod survey_card;
pub mod tx_list;

pub use card_tile::{CardControls, CardTile};
pub use survey_card::SurveyCard;
pub use tx_list::TxList;
