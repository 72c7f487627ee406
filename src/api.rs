//! The browser's API client: one request function returning `Result<T, ApiError>`,
//! and one module per resource.

pub mod approvals;
pub mod audit;
pub mod campaigns;
pub mod customers;
pub mod dashboard;
pub mod imports;
pub mod me;
pub mod segments;
pub mod session;
pub mod tickets;
pub mod users;

use std::cell::RefCell;
use std::rc::Rc;

use crm_api::{ApiErrorBody, ErrorCode};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::{Lang, current_lang};

/// A failed call: the server's error body, or a network failure.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status (0 when the server was not reached).
    pub status: u16,
    /// The server's error body, when it sent one.
    pub body: Option<ApiErrorBody>,
}

impl ApiError {
    fn network(lang: Lang) -> Self {
        let mut body = ApiErrorBody::new(ErrorCode::Internal, lang);
        body.error.message = match lang {
            Lang::Zh => "无法连接服务器，请检查网络后重试。",
            Lang::En => "Cannot reach the server; check the connection and try again.",
        }
        .to_owned();
        Self {
            status: 0,
            body: Some(body),
        }
    }

    /// The message to show.
    #[must_use]
    pub fn message(&self) -> String {
        self.body.as_ref().map_or_else(
            || format!("HTTP {}", self.status),
            |b| b.error.message.clone(),
        )
    }

    /// The server's message for one field of a validation error.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<String> {
        self.body
            .as_ref()
            .and_then(|b| b.error.fields.get(name).cloned())
    }

    /// The error class.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.body.as_ref().map(|b| b.error.code)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

type Hook = Rc<dyn Fn()>;

thread_local! {
    static ON_UNAUTHENTICATED: RefCell<Option<Hook>> = const { RefCell::new(None) };
    static ON_PASSWORD_CHANGE: RefCell<Option<Hook>> = const { RefCell::new(None) };
}

/// Called whenever a request answers 401 (the session has ended), so the app
/// can return to sign-in.
pub fn set_unauthenticated_hook(hook: impl Fn() + 'static) {
    ON_UNAUTHENTICATED.with(|h| *h.borrow_mut() = Some(Rc::new(hook)));
}

/// Called whenever a request answers 403 `password_change_required` (the
/// user must replace a one-time password first), so the app can go to the
/// password page.
pub fn set_password_change_hook(hook: impl Fn() + 'static) {
    ON_PASSWORD_CHANGE.with(|h| *h.borrow_mut() = Some(Rc::new(hook)));
}

fn run_hook(slot: &'static std::thread::LocalKey<RefCell<Option<Hook>>>) {
    // cloned out first, so the hook may set signals that issue new requests
    let hook = slot.with(|h| h.borrow().clone());
    if let Some(hook) = hook {
        hook();
    }
}

/// A resource with the `ETag` the server sent; edit it by sending the tag
/// back as `If-Match` (the server answers 412 when someone changed it since).
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged<T> {
    /// The resource.
    pub value: T,
    /// The `ETag` header, as sent (e.g. `"7"`); `None` when the server sent none.
    pub etag: Option<String>,
}

/// Percent-encodes a query-string value.
#[must_use]
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

fn prepare(builder: RequestBuilder) -> RequestBuilder {
    builder
        .header("Accept", "application/json")
        .header("Accept-Language", current_lang().tag())
        // the server refuses a state-changing call without it (CSRF guard)
        .header("X-Cardinal-Request", "1")
}

async fn finish(
    response: Result<Response, gloo_net::Error>,
    path: &str,
) -> Result<Response, ApiError> {
    let lang = current_lang();
    let response = response.map_err(|_| ApiError::network(lang))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = response.json::<ApiErrorBody>().await.ok();
    if status == 401 && path != "/api/v1/session" {
        run_hook(&ON_UNAUTHENTICATED);
    }
    let error = ApiError { status, body };
    if error.code() == Some(ErrorCode::PasswordChangeRequired) {
        run_hook(&ON_PASSWORD_CHANGE);
    }
    Err(error)
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError { status, body: None })
}

/// `GET path` → JSON.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = prepare(Request::get(path)).send().await;
    decode(finish(response, path).await?).await
}

/// `GET path` → JSON with the response's `ETag`.
pub async fn get_tagged<T: DeserializeOwned>(path: &str) -> Result<Tagged<T>, ApiError> {
    let response = finish(prepare(Request::get(path)).send().await, path).await?;
    let etag = response.headers().get("ETag");
    Ok(Tagged {
        value: decode(response).await?,
        etag,
    })
}

/// `POST path` with a JSON body → JSON.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let request = prepare(Request::post(path))
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    decode(finish(request.send().await, path).await?).await
}

/// `POST path` with a JSON body, expecting no content back.
pub async fn post_quiet<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    let request = prepare(Request::post(path))
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    finish(request.send().await, path).await.map(|_| ())
}

/// `POST path` with a JSON body and an `Idempotency-Key` → JSON (a retry with
/// the same key is answered with the stored result and changes nothing).
pub async fn post_keyed<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: &str,
) -> Result<T, ApiError> {
    let request = prepare(Request::post(path))
        .header("Idempotency-Key", key)
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    decode(finish(request.send().await, path).await?).await
}

/// `PUT path` with a JSON body → JSON.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let request = prepare(Request::put(path))
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    decode(finish(request.send().await, path).await?).await
}

/// `PUT path` with a JSON body, expecting no content back.
pub async fn put_quiet<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    let request = prepare(Request::put(path))
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    finish(request.send().await, path).await.map(|_| ())
}

/// `PATCH path` with a JSON body and `If-Match: etag` → JSON with the new
/// `ETag` (412 when the resource changed since `etag` was read).
pub async fn patch_if_match<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    etag: &str,
) -> Result<Tagged<T>, ApiError> {
    let request = prepare(Request::patch(path))
        .header("If-Match", etag)
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    let response = finish(request.send().await, path).await?;
    let etag = response.headers().get("ETag");
    Ok(Tagged {
        value: decode(response).await?,
        etag,
    })
}

/// `PATCH path` with a JSON body → JSON.
pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let request = prepare(Request::patch(path))
        .json(body)
        .map_err(|_| ApiError::network(current_lang()))?;
    decode(finish(request.send().await, path).await?).await
}

/// `DELETE path`, expecting no body.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    let response = prepare(Request::delete(path)).send().await;
    finish(response, path).await.map(|_| ())
}

/// `POST path` without a body, expecting none back.
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    let response = prepare(Request::post(path)).send().await;
    finish(response, path).await.map(|_| ())
}

/// `POST path` with a file or blob as the body (`content_type`) → JSON; the
/// browser streams it, the page never holds it in memory.
pub async fn post_blob<T: DeserializeOwned>(
    path: &str,
    content_type: &str,
    blob: &web_sys::Blob,
) -> Result<T, ApiError> {
    let request = prepare(Request::post(path))
        .header("Content-Type", content_type)
        .body(wasm_bindgen::JsValue::from(blob.clone()))
        .map_err(|_| ApiError::network(current_lang()))?;
    decode(finish(request.send().await, path).await?).await
}
