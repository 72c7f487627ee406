//! Import UI for `/admin/import`: load a bank's CSV export (customers, cards, transactions,
//! statements, payments, survey answers).
//!
//! Choosing a file reads only its header line, here in the browser, and
//! shows which field each column will be read as; the admin can change any
//! of them, apply a saved mapping or save this one under a name. "Check"
//! validates without writing; "Import" writes all rows or none. The file
//! goes up as it is (never held in the page), the run's progress is polled
//! into a bar, and the report lists counts and the first problems per
//! field, with every problem downloadable as CSV. Past runs are listed
//! below.

pub mod mapping;
pub mod report;
pub mod upload;

use crm_api::imports::ImportKind;
use crm_api::imports::fields::{looks_utf8, sniff_delimiter, split_header, template_header};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;

/// A field's name for people, with the name the CSV may use.
pub(crate) fn field_label(kind: ImportKind, name: &str, lang: Lang) -> String {
    match crm_api::imports::fields::field(kind, name) {
        Some(spec) => format!("{} · {name}", spec.label(lang)),
        None if name.is_empty() => "—".to_owned(),
        None => name.to_owned(),
    }
}

/// An empty template of `kind` (the header row, UTF-8 with BOM) as a download link.
pub(crate) fn template_href(kind: ImportKind) -> String {
    crate::features::dashboard::model::csv_href(&format!("{}\r\n", template_header(kind)))
}

/// Each header with the field it is read as (`""`: ignored), as a mapping is saved and sent.
pub(crate) fn columns(
    headers: Vec<String>,
    chosen: Vec<Option<&'static str>>,
) -> Vec<(String, String)> {
    headers
        .into_iter()
        .zip(chosen)
        .map(|(h, f)| (h, f.unwrap_or_default().to_owned()))
        .collect()
}

/// The header line of a file: its first 64 KiB, decoded as UTF-8 or GB18030.
pub(crate) async fn read_headers(file: &web_sys::File) -> Option<Vec<String>> {
    let head = file.slice_with_i32_and_i32(0, 64 * 1024).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(head.array_buffer())
        .await
        .ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let text = if looks_utf8(&bytes) {
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        web_sys::TextDecoder::new_with_label("gb18030")
            .ok()?
            .decode_with_u8_array(&bytes)
            .ok()?
    };
    let line = text.lines().next()?;
    let delimiter = char::from(sniff_delimiter(line));
    Some(split_header(line, delimiter))
}

/// Largest file the server takes from the browser (the command line has no limit).
pub(crate) const MAX_UPLOAD_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// Waits `ms` milliseconds.
pub(crate) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The file chosen in the input, if any.
pub(crate) fn chosen_file(input: NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    let el: web_sys::HtmlInputElement = input.get_untracked()?.unchecked_into();
    el.files()?.get(0)
}
