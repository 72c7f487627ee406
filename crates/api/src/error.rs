//! The one error body every failed API call returns:
//! `{"error":{"code":"…","message":"…","fields":{"field":"message"}}}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::validate::Lang;

/// Machine-readable error class; each maps to exactly one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request could not be read (malformed JSON, wrong content type).
    BadRequest,
    /// 401: no session, or the session has expired, or the sign-in failed.
    Unauthenticated,
    /// 403: signed in, but this role may not do this.
    Forbidden,
    /// 403: the user must change their password before doing anything else.
    PasswordChangeRequired,
    /// 404: no such resource (or not yours to see).
    NotFound,
    /// 405: the resource exists but not with this method.
    MethodNotAllowed,
    /// 409: conflicts with existing data (duplicate, reused idempotency key).
    Conflict,
    /// 412: the record changed since you read it (optimistic concurrency).
    PreconditionFailed,
    /// 413: the request body is too large.
    PayloadTooLarge,
    /// 428: this edit must say which version it changes (`If-Match`).
    PreconditionRequired,
    /// 422: well-formed but invalid; `fields` says which and why.
    ValidationFailed,
    /// 429: too many attempts; try again later.
    RateLimited,
    /// 500: something went wrong on the server; nothing was changed.
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code is always sent with.
    #[must_use]
    pub const fn status(self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::PasswordChangeRequired => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict => 409,
            Self::PreconditionFailed => 412,
            Self::PayloadTooLarge => 413,
            Self::PreconditionRequired => 428,
            Self::ValidationFailed => 422,
            Self::RateLimited => 429,
            Self::Internal => 500,
        }
    }

    /// A general message for this class of error, in the reader's language.
    #[must_use]
    pub const fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::BadRequest, Lang::Zh) => "请求格式不正确。",
            (Self::BadRequest, Lang::En) => "The request could not be read.",
            (Self::Unauthenticated, Lang::Zh) => "请先登录，或登录已过期。",
            (Self::Unauthenticated, Lang::En) => "Please sign in; your session may have expired.",
            (Self::Forbidden, Lang::Zh) => "您的角色无权执行此操作。",
            (Self::Forbidden, Lang::En) => "Your role may not do this.",
            (Self::PasswordChangeRequired, Lang::Zh) => "请先设置新密码。",
            (Self::PasswordChangeRequired, Lang::En) => "Please choose a new password first.",
            (Self::PreconditionRequired, Lang::Zh) => {
                "修改须带上记录版本（If-Match），请刷新后重试。"
            }
            (Self::PreconditionRequired, Lang::En) => {
                "This change must name the version it edits (If-Match); reload and try again."
            }
            (Self::NotFound, Lang::Zh) => "未找到该记录。",
            (Self::NotFound, Lang::En) => "Not found.",
            (Self::MethodNotAllowed, Lang::Zh) => "该资源不支持此请求方法。",
            (Self::MethodNotAllowed, Lang::En) => "This method is not allowed here.",
            (Self::PayloadTooLarge, Lang::Zh) => "请求内容过大。",
            (Self::PayloadTooLarge, Lang::En) => "The request body is too large.",
            (Self::Conflict, Lang::Zh) => "与现有数据冲突。",
            (Self::Conflict, Lang::En) => "This conflicts with existing data.",
            (Self::PreconditionFailed, Lang::Zh) => "记录已被他人修改，请刷新后重试。",
            (Self::PreconditionFailed, Lang::En) => {
                "The record changed since you opened it; reload and try again."
            }
            (Self::ValidationFailed, Lang::Zh) => "请检查标出的字段。",
            (Self::ValidationFailed, Lang::En) => "Please check the marked fields.",
            (Self::RateLimited, Lang::Zh) => "尝试次数过多，请稍后再试。",
            (Self::RateLimited, Lang::En) => "Too many attempts; please try again later.",
            (Self::Internal, Lang::Zh) => "服务器出错，未做任何更改，请稍后重试。",
            (Self::Internal, Lang::En) => {
                "Something went wrong on the server; nothing was changed. Please try again."
            }
        }
    }
}

/// The `error` object of the error body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Error class.
    pub code: ErrorCode,
    /// Human-readable summary in the language the request asked for.
    pub message: String,
    /// Per-field messages for validation errors (field name → message).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// The whole error body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

impl ApiErrorBody {
    /// A body with the code's general message and no field errors.
    #[must_use]
    pub fn new(code: ErrorCode, lang: Lang) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: code.message(lang).to_owned(),
                fields: BTreeMap::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ApiErrorBody::new(ErrorCode::NotFound, Lang::En);
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(json["error"]["code"], "not_found");
        assert_eq!(json["error"]["message"], "Not found.");
        assert!(
            json["error"]["fields"]
                .as_object()
                .is_some_and(|f| f.is_empty())
        );
    }

    #[test]
    fn codes_map_to_distinct_statuses() {
        let codes = [
            ErrorCode::BadRequest,
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Conflict,
            ErrorCode::PreconditionFailed,
            ErrorCode::PayloadTooLarge,
            ErrorCode::ValidationFailed,
            ErrorCode::RateLimited,
            ErrorCode::Internal,
        ];
        let mut statuses: Vec<u16> = codes.iter().map(|c| c.status()).collect();
        statuses.sort_unstable();
        statuses.dedup();
        assert_eq!(
            statuses,
            vec![400, 401, 403, 404, 405, 409, 412, 413, 422, 429, 500]
        );
        for code in codes {
            assert!(!code.message(Lang::Zh).is_empty());
            assert!(!code.message(Lang::En).is_empty());
        }
    }
}
