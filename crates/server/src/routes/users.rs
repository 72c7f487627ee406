//! User administration (administrators only): list, create, edit (role,
//! branch, enabled), force a password reset; and the branch list.
//! Disabling, a role or a branch change, and a reset end the user's
//! sessions at once. Every change is audit-logged.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use crm_api::query::PageQuery;
use crm_api::users::{BranchView, NewUserRequest, UpdateUserRequest, UserView, UserWithPassword};
use crm_api::validate::{Errors, Problem};
use crm_api::{Page, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth;
use crate::db::audit::Entry;
use crate::db::users::{self, Change, NewUser};
use crate::domain::time::now;
use crate::error::{AppError, AppResult};
use crate::extract::{Admins, Auth, Json, Query, etag, if_match};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(reset_password))
        .routes(routes!(list_branches))
}

/// All users, staff first.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(PageQuery),
    responses((status = 200, body = Page<UserView>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody), (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Query(query): Query<PageQuery>,
) -> AppResult<Json<Page<UserView>>> {
    let (page, per_page, offset) = query.resolve()?;
    let (items, total) = users::list(&state.db, i64::from(per_page), offset).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        per_page,
    }))
}

/// One user, with its version as `ETag` (send it back as `If-Match` to edit).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserView, headers(("ETag" = String))),
              (status = 401, body = crm_api::ApiErrorBody), (status = 403, body = crm_api::ApiErrorBody),
              (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = users::get(&state.db, id).await?;
    Ok(([etag(user.version)], Json(user)).into_response())
}

/// A branch id that exists, or a 422 on `branch_id`.
async fn check_branch(state: &AppState, branch_id: Option<i64>) -> AppResult<()> {
    if let Some(id) = branch_id
        && !users::branch_exists(&state.db, id).await?
    {
        let mut e = Errors::default();
        e.add("branch_id", Problem::NotAllowed);
        return Err(e.into());
    }
    Ok(())
}

/// Create a staff user. The answer carries a one-time password, shown once;
/// the user must replace it at the first sign-in.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserRequest,
    responses((status = 201, body = UserWithPassword),
              (status = 401, body = crm_api::ApiErrorBody), (status = 403, body = crm_api::ApiErrorBody),
              (status = 409, body = crm_api::ApiErrorBody, description = "The user name is taken"),
              (status = 422, body = crm_api::ApiErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Json(req): Json<NewUserRequest>,
) -> AppResult<(StatusCode, Json<UserWithPassword>)> {
    req.validate()?;
    check_branch(&state, req.branch_id).await?;
    let branch_id = req.branch_id.filter(|_| req.role != Role::Admin);
    if users::id_of(&state.db, &req.username).await?.is_some() {
        let mut e = Errors::default();
        e.add(
            "username",
            Problem::Format {
                zh: "该用户名已被使用。",
                en: "This user name is taken.",
            },
        );
        return Err(AppError::Conflict(e));
    }
    let password = auth::one_time_password();
    let hash = auth::hash_blocking(password.clone()).await?;
    let now = now();
    let id = users::insert(
        &state.db,
        &NewUser {
            username: &req.username,
            display_name: req.display_name.trim(),
            password_hash: &hash,
            role: req.role,
            branch_id,
            customer_id: None,
            must_change_password: true,
        },
        now,
    )
    .await?;
    let detail = format!("user {id} {}: {}", req.username, req.role.as_str());
    crate::db::audit::insert(
        &state.db.pool,
        Entry::by(auth.user.id, "user.create", &detail),
        now,
    )
    .await?;
    let user = users::get(&state.db, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(UserWithPassword {
            user,
            one_time_password: password,
        }),
    ))
}

/// What an edit of `before` into `req` may not do: change a cardholder into
/// staff or back, or leave the system without an enabled administrator
/// (including disabling or demoting yourself).
async fn check_edit(
    state: &AppState,
    me: i64,
    before: &UserView,
    req: &UpdateUserRequest,
) -> AppResult<()> {
    let mut e = Errors::default();
    if (before.role == Role::Cardholder) != (req.role == Role::Cardholder) {
        e.add(
            "role",
            Problem::Format {
                zh: "持卡人账户不能改为员工账户，反之亦然。",
                en: "A cardholder account cannot become a staff account, nor the other way.",
            },
        );
    }
    let stays_admin = req.role == Role::Admin && req.active;
    if before.role == Role::Admin && before.active && !stays_admin {
        if before.id == me {
            e.add(
                "active",
                Problem::Format {
                    zh: "不能停用自己或取消自己的管理员角色。",
                    en: "You cannot disable or demote yourself.",
                },
            );
        } else if users::other_active_admins(&state.db, before.id).await? == 0 {
            e.add(
                "active",
                Problem::Format {
                    zh: "这是最后一个启用的管理员。",
                    en: "This is the last enabled administrator.",
                },
            );
        }
    }
    e.into_result().map_err(AppError::from)
}

/// The audit action and detail of an edit.
fn describe_edit(before: &UserView, req: &UpdateUserRequest) -> (&'static str, String) {
    let action = match (before.active, req.active) {
        (true, false) => "user.disable",
        (false, true) => "user.enable",
        _ => "user.update",
    };
    let mut detail = format!("user {} {}", before.id, before.username);
    if before.role != req.role {
        detail.push_str(&format!(
            "; role {} -> {}",
            before.role.as_str(),
            req.role.as_str()
        ));
    }
    if before.branch_id != req.branch_id {
        let show = |b: Option<i64>| b.map_or_else(|| "none".to_owned(), |b| b.to_string());
        detail.push_str(&format!(
            "; branch {} -> {}",
            show(before.branch_id),
            show(req.branch_id)
        ));
    }
    (action, detail)
}

/// Edit a user's display name, role, branch or whether they may sign in,
/// with `If-Match: "<version>"` (428 without it, 412 when stale). Disabling,
/// or changing role or branch, ends the user's sessions at once.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UpdateUserRequest,
    params(("id" = i64, Path, description = "User id"),
           ("If-Match" = String, Header, description = "The user's ETag")),
    responses((status = 200, body = UserView, headers(("ETag" = String))),
              (status = 401, body = crm_api::ApiErrorBody), (status = 403, body = crm_api::ApiErrorBody),
              (status = 404, body = crm_api::ApiErrorBody), (status = 412, body = crm_api::ApiErrorBody),
              (status = 422, body = crm_api::ApiErrorBody), (status = 428, body = crm_api::ApiErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(req): Json<UpdateUserRequest>,
) -> AppResult<Response> {
    let before = users::get(&state.db, id).await?;
    let version = if_match(&headers)?;
    req.validate()?;
    check_branch(&state, req.branch_id).await?;
    check_edit(&state, auth.user.id, &before, &req).await?;
    let branch_id = req
        .branch_id
        .filter(|_| crm_api::users::needs_branch(req.role));
    let end_sessions =
        before.role != req.role || before.branch_id != branch_id || (before.active && !req.active);
    let (action, detail) = describe_edit(&before, &req);
    let change = Change {
        display_name: req.display_name.trim(),
        role: req.role,
        branch_id,
        active: req.active,
    };
    let entry = Entry::by(auth.user.id, action, &detail);
    users::update(&state.db, id, version, &change, end_sessions, entry, now()).await?;
    let user = users::get(&state.db, id).await?;
    Ok(([etag(user.version)], Json(user)).into_response())
}

/// Force a password reset: a new one-time password (answered once), every
/// session of the user ended, the new password to be replaced at sign-in.
#[utoipa::path(post, path = "/api/v1/users/{id}/password-reset", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserWithPassword, headers(("ETag" = String))),
              (status = 401, body = crm_api::ApiErrorBody), (status = 403, body = crm_api::ApiErrorBody),
              (status = 404, body = crm_api::ApiErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    auth: Auth<Admins>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let before = users::get(&state.db, id).await?;
    let password = auth::one_time_password();
    let hash = auth::hash_blocking(password.clone()).await?;
    let detail = format!("user {} {}", before.id, before.username);
    let entry = Entry::by(auth.user.id, "user.password_reset", &detail);
    users::set_password(&state.db, id, &hash, true, None, entry, now()).await?;
    let user = users::get(&state.db, id).await?;
    Ok((
        [etag(user.version)],
        Json(UserWithPassword {
            user,
            one_time_password: password,
        }),
    )
        .into_response())
}

/// Every branch (for a user's home branch).
#[utoipa::path(get, path = "/api/v1/branches", tag = "users",
    responses((status = 200, body = Vec<BranchView>), (status = 401, body = crm_api::ApiErrorBody),
              (status = 403, body = crm_api::ApiErrorBody)))]
pub async fn list_branches(
    State(state): State<AppState>,
    _auth: Auth<Admins>,
) -> AppResult<Json<Vec<BranchView>>> {
    Ok(Json(users::branches(&state.db).await?))
}
