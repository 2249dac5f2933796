//! Statement and tax summary PDFs: read back with poppler's `pdftotext`
//! (zh-TW text and amounts must come out as text, so the CJK font is
//! embedded with its Unicode map) and checked with `qpdf --check`; a
//! one-page statement stays small (only the used glyphs are embedded) and a
//! long month runs onto more pages.

use atelier::statements::period::Month;
use chrono::Utc;

use crate::both_databases;
use crate::helpers::{Db, spawn, spawn_with};
use crate::statements_support::{finance_staff, pdf_text, prize, sale, set_display_name};

both_databases!(
    statement_pdfs_read_back_in_traditional_chinese,
    without_the_font_pdfs_are_unavailable_and_json_is_not
);

async fn statement_pdfs_read_back_in_traditional_chinese(db: Db) {
    let app = spawn(db).await;
    let mei = app.as_member("mei").await;
    set_display_name(&app, mei.id, "王小美").await;
    let now = Utc::now();
    let month = Month::of(now);

    // NT$1,234.50 from a prize; the template 「春節紅包」 sold once.
    prize(&app, 1, mei.id, 123_450, "設計挑戰第一名", now).await;
    let (_, share) = sale(&app, 1, mei.id, 15_000, "春節紅包", now).await;
    assert_eq!(share, 5_250);

    let answer = app
        .get_json(&format!("/api/v1/me/statements/{month}/pdf"), &mei)
        .await
        .expect_status(200);
    assert_eq!(answer.header("content-type"), Some("application/pdf"));
    assert!(
        answer
            .header("content-disposition")
            .unwrap()
            .contains(&format!("statement-mei-{month}.pdf"))
    );
    let bytes = answer.body.to_vec();
    assert!(
        bytes.len() < 1_000_000,
        "a one-page statement is {} bytes: the font is not subset",
        bytes.len()
    );
    let text = pdf_text(&bytes);
    for want in [
        "Atelier",
        "王小美",
        "@mei",
        &month.to_string(),
        "春節紅包",
        "設計挑戰第一名",
        "NT$1,234.50",
        "NT$52.50",
        "NT$1,287.00", // the closing balance
        "月結單",
        "Page 1 of 1",
    ] {
        assert!(
            text.contains(want),
            "{want:?} not in the PDF's text:\n{text}"
        );
    }

    // A long month: the lines run onto further pages, each numbered.
    for i in 0..120 {
        sale(&app, 100 + i, mei.id, 1_000 + i, &format!("模板 {i}"), now).await;
    }
    let bytes = app
        .get_json(&format!("/api/v1/me/statements/{month}/pdf"), &mei)
        .await
        .expect_status(200)
        .body
        .to_vec();
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    let text = pdf_text(&bytes);
    let pages: u32 = text
        .split("Page 1 of ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page numbers in:\n{text}"));
    assert!(pages >= 3, "122 lines on {pages} pages");
    for page in 2..=pages {
        assert!(text.contains(&format!("Page {page} of {pages}")), "{text}");
    }
    assert!(text.contains("continued"), "{text}");
    assert!(
        text.contains("模板 119") && text.contains("模板 0"),
        "{text}"
    );
    assert!(text.contains("春節紅包"), "{text}");

    // The yearly tax summary.
    let year = month.year();
    let answer = app
        .get_json(&format!("/api/v1/me/tax-summary/{year}/pdf"), &mei)
        .await
        .expect_status(200);
    assert_eq!(answer.header("content-type"), Some("application/pdf"));
    let text = pdf_text(&answer.body);
    for want in ["年度所得摘要", "王小美", &year.to_string(), "NT$1,234.50"] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }

    // Finance staff print anyone's statement; a member only their own.
    let finance = finance_staff(&app, "ledgerkeeper").await;
    let path = format!("/api/v1/finance/creators/{}/statements/{month}/pdf", mei.id);
    let bytes = app
        .get_json(&path, &finance)
        .await
        .expect_status(200)
        .body
        .to_vec();
    assert!(pdf_text(&bytes).contains("王小美"));
    let other = app.as_member("other").await;
    app.get_json(&path, &other)
        .await
        .expect_error(403, "finance_required");
    app.get_json(&format!("/api/v1/me/statements/{}/pdf", month.next()), &mei)
        .await
        .expect_error(422, "invalid_period");
}

async fn without_the_font_pdfs_are_unavailable_and_json_is_not(db: Db) {
    let not_a_font = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_a_font.path(), b"not a font").unwrap();
    for path in [
        std::path::PathBuf::from("/nonexistent/NotoSansCJK-Regular.ttc"),
        not_a_font.path().to_owned(),
    ] {
        let app = spawn_with(db, |s| s.ledger.statement_font = path.clone()).await;
        let mei = app.as_member("mei").await;
        let month = Month::of(Utc::now());
        app.get_json(&format!("/api/v1/me/statements/{month}/pdf"), &mei)
            .await
            .expect_error(503, "statement_pdf_unavailable");
        app.get_json(
            &format!("/api/v1/me/tax-summary/{}/pdf", month.year()),
            &mei,
        )
        .await
        .expect_error(503, "statement_pdf_unavailable");
        app.get_json(&format!("/api/v1/me/statements/{month}"), &mei)
            .await
            .expect_status(200);
    }
}
