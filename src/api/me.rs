//! The signed-in cardholder's own data.

use crm_api::cards::{CardView, TransactionView};
use crm_api::history::PointsOverview;
use crm_api::portal::{
    ArticlePick, BillCycle, BillQuery, BillView, EligiblePurchase, InstallmentInput,
    InstallmentPlan, InstallmentQuote, Membership, MessageView, PortalHome,
};
use crm_api::query::{PageQuery, QuoteQuery, url};
use crm_api::surveys::{SurveyInvitationView, SurveyResponseInput, SurveyResponseView};
use crm_api::tickets::{CommentInput, TicketDetail, TicketInput, TicketView};
use crm_api::{Category, Page};

use super::ApiError;

/// Own cards.
pub async fn cards() -> Result<Vec<CardView>, ApiError> {
    super::get("/api/v1/me/cards").await
}

/// Own transactions.
pub async fn transactions(page: u32, per_page: u32) -> Result<Page<TransactionView>, ApiError> {
    super::get(&url(
        "/api/v1/me/transactions",
        &PageQuery::sized(page, per_page),
    ))
    .await
}

/// Own points: balance, expiring points and a page of the history.
pub async fn points(page: u32) -> Result<PointsOverview, ApiError> {
    super::get(&url("/api/v1/me/points", &PageQuery::sized(page, 10))).await
}

/// Home summary: latest statements, unread messages, offers, membership, articles.
pub async fn home() -> Result<PortalHome, ApiError> {
    super::get("/api/v1/me/home").await
}

/// Cycles with a bill, newest first.
pub async fn bill_cycles() -> Result<Vec<BillCycle>, ApiError> {
    super::get("/api/v1/me/bills/cycles").await
}

/// The query of a bill: card, cycle, search (blank: none), category code
/// (unknown or blank: all) and page.
#[must_use]
pub fn bill_query(card: i64, cycle: &str, q: &str, category: &str, page: u32) -> BillQuery {
    BillQuery {
        card,
        cycle: cycle.to_owned(),
        q: Some(q.trim().to_owned()).filter(|q| !q.is_empty()),
        category: Category::parse(category),
        page: Some(page),
        per_page: None,
    }
}

/// One bill.
pub async fn bill(query: &BillQuery) -> Result<BillView, ApiError> {
    super::get(&url("/api/v1/me/bills", query)).await
}

/// Own installment plans.
pub async fn installments() -> Result<Vec<InstallmentPlan>, ApiError> {
    super::get("/api/v1/me/installments").await
}

/// Purchases that can be converted, with every term's quote.
pub async fn eligible() -> Result<Vec<EligiblePurchase>, ApiError> {
    super::get("/api/v1/me/installments/eligible").await
}

/// The quote for one purchase and term.
pub async fn quote(tx: i64, months: u32) -> Result<InstallmentQuote, ApiError> {
    let q = QuoteQuery {
        transaction_id: tx,
        months,
    };
    super::get(&url("/api/v1/me/installments/quote", &q)).await
}

/// Converts a purchase; `key` makes a retry harmless.
pub async fn convert(input: &InstallmentInput, key: &str) -> Result<InstallmentPlan, ApiError> {
    super::post_keyed("/api/v1/me/installments", input, key).await
}

/// Tier and progress.
pub async fn membership() -> Result<Membership, ApiError> {
    super::get("/api/v1/me/membership").await
}

/// Learn articles, recommended first.
pub async fn articles() -> Result<Vec<ArticlePick>, ApiError> {
    super::get("/api/v1/me/articles").await
}

/// Messages, newest first.
pub async fn messages(page: u32) -> Result<crm_api::Page<MessageView>, ApiError> {
    super::get(&url("/api/v1/me/messages", &PageQuery::page(page))).await
}

/// Marks every message read.
pub async fn read_messages() -> Result<(), ApiError> {
    super::post_empty("/api/v1/me/messages/read").await
}

/// Open survey invitations.
pub async fn surveys() -> Result<Vec<SurveyInvitationView>, ApiError> {
    super::get("/api/v1/me/surveys").await
}

/// Answers a survey; `key` makes a retry harmless.
pub async fn answer_survey(
    body: &SurveyResponseInput,
    key: &str,
) -> Result<SurveyResponseView, ApiError> {
    super::post_keyed("/api/v1/me/survey-responses", body, key).await
}

/// Own service requests.
pub async fn tickets(page: u32) -> Result<Page<TicketView>, ApiError> {
    super::get(&url("/api/v1/me/tickets", &PageQuery::page(page))).await
}

/// Opens a request.
pub async fn open_ticket(input: &TicketInput) -> Result<TicketDetail, ApiError> {
    super::post("/api/v1/me/tickets", input).await
}

/// One own request with the replies.
pub async fn ticket(id: i64) -> Result<TicketDetail, ApiError> {
    super::get(&format!("/api/v1/me/tickets/{id}")).await
}

/// Replies to an own request.
pub async fn reply(id: i64, body: &CommentInput) -> Result<TicketDetail, ApiError> {
    super::post(&format!("/api/v1/me/tickets/{id}/replies"), body).await
}

/// `lock`, `unlock` or `report-lost` one of the cardholder's cards.
pub async fn card_action(card: i64, action: &str) -> Result<super::tickets::ActionDone, ApiError> {
    super::post(
        &format!("/api/v1/me/cards/{card}/{action}"),
        &serde_json::json!({}),
    )
    .await
}

/// Redeems a reward; `key` makes a retry harmless.
pub async fn redeem(
    input: &crm_api::rewards::RedeemInput,
    key: &str,
) -> Result<crm_api::rewards::Redemption, ApiError> {
    super::post_keyed("/api/v1/me/redemptions", input, key).await
}

/// Own marketing consent.
pub async fn consent() -> Result<crm_api::customers::ConsentView, ApiError> {
    super::get("/api/v1/me/consent").await
}

/// Changes own marketing consent at the version read.
pub async fn set_consent(
    view: &crm_api::customers::ConsentView,
) -> Result<crm_api::customers::ConsentView, ApiError> {
    super::put("/api/v1/me/consent", view).await
}
