//! # dondoc-web
#![recursion_limit = "512"]
//!
//! The HTTP face of dondoc: a JSON API (described by the OpenAPI document at
//! `/api/openapi.json`), log-in with sessions and API tokens, CSRF protection, the audit
//! log, `/healthz` and Prometheus `/metrics`.
//!
//! Layout:
//! - [`config`]: what the service is told at start-up.
//! - [`error`]: [`error::AppError`], the one error type, rendered as JSON.
//! - [`security`], [`session`], [`throttle`]: passwords, tokens, cookies, CSRF, throttling.
//! - [`metrics`]: request counts and latency for Prometheus.
//! - [`openapi`]: the API description.
//! - [`app`]: the router and its middleware.
//!
//! Handlers are thin: parse the request, call the store (which scopes every query by
//! organisation and unit), render JSON.

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod security;
pub mod session;
pub mod state;
pub mod throttle;
pub mod views;

pub use app::router;
pub use config::Config;
pub use error::{AppError, AppResult};
pub use state::AppState;
