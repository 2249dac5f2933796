//! Creator revenue share: a double-entry ledger (accounts, transfers whose
//! lines sum to zero, written once), revenue agreements with their parties,
//! co-created products and their sales per period (each correction a new
//! revision), challenge prizes and their confirmation, payout settings
//! (versions; details encrypted), payout runs, payouts and their events, and
//! the finance permission on users.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn big(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .big_integer()
        .not_null()
        .to_owned()
}

fn big_null(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .big_integer()
        .null()
        .to_owned()
}

fn int(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .integer()
        .not_null()
        .to_owned()
}

fn text(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c)).text().not_null().to_owned()
}

fn text_null(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c)).text().null().to_owned()
}

fn boolean(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .boolean()
        .not_null()
        .to_owned()
}

fn at(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn at_null(c: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(c))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(from), Alias::new(col))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create()
        .name(name)
        .table(Alias::new(table))
        .to_owned();
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    i
}

struct Table_ {
    name: &'static str,
    cols: Vec<ColumnDef>,
    fks: Vec<ForeignKeyCreateStatement>,
    indexes: Vec<(&'static str, Vec<&'static str>, bool)>,
}

fn tables() -> Vec<Table_> {
    vec![
        // An account: `kind` (platform_revenue, creator_payable, ...), whose
        // (`owner_id` a user, 0 for the platform's own), in one currency.
        Table_ {
            name: "ledger_accounts",
            cols: vec![
                id("id"),
                text("kind"),
                big("owner_id"),
                text("currency"),
                at("created_at"),
            ],
            fks: vec![],
            indexes: vec![(
                "ux_ledger_accounts_kind_owner_currency",
                vec!["kind", "owner_id", "currency"],
                true,
            )],
        },
        // A transfer (journal entry): written once. `phase` posted | pending |
        // post_pending | void_pending; `pending_id` names the pending transfer
        // a post/void resolves (at most one), `reverses_id` the transfer a
        // reversal undoes (at most one). `request_hash` tells a retry with the
        // same key (same hash) from a different request reusing it.
        Table_ {
            name: "ledger_transfers",
            cols: vec![
                id("id"),
                text("idempotency_key"),
                text("kind"),
                text("source"),
                text("currency"),
                big("amount_minor"),
                text("memo"),
                text("phase"),
                big_null("pending_id"),
                big_null("reverses_id"),
                text("request_hash"),
                at("occurred_at"),
                at("created_at"),
                big_null("created_by"),
            ],
            fks: vec![],
            indexes: vec![
                ("ux_ledger_transfers_key", vec!["idempotency_key"], true),
                ("ux_ledger_transfers_pending", vec!["pending_id"], true),
                ("ux_ledger_transfers_reverses", vec!["reverses_id"], true),
                ("idx_ledger_transfers_source", vec!["source"], false),
                (
                    "idx_ledger_transfers_kind_occurred",
                    vec!["kind", "occurred_at"],
                    false,
                ),
            ],
        },
        // A line: signed minor units, debit positive, credit negative; a
        // transfer's lines sum to zero. `held`: the line of a pending
        // transfer (counts as pending until a post_pending copies it as
        // posted lines, or a void_pending releases it).
        Table_ {
            name: "ledger_lines",
            cols: vec![
                id("id"),
                big("transfer_id"),
                big("account_id"),
                big("amount_minor"),
                text("currency"),
                boolean("held"),
                at("occurred_at"),
            ],
            fks: vec![
                fk("ledger_lines", "transfer_id", "ledger_transfers"),
                fk("ledger_lines", "account_id", "ledger_accounts"),
            ],
            indexes: vec![
                (
                    "idx_ledger_lines_account_occurred",
                    vec!["account_id", "occurred_at", "id"],
                    false,
                ),
                ("idx_ledger_lines_transfer", vec!["transfer_id"], false),
            ],
        },
        // A revenue agreement for a template, product or workshop: the
        // creators' share in basis points over [starts_at, ends_at). A newer
        // row for the same subject supersedes older ones from its start.
        Table_ {
            name: "revenue_agreements",
            cols: vec![
                id("id"),
                text("subject_kind"),
                big("subject_id"),
                int("share_bp"),
                at("starts_at"),
                at_null("ends_at"),
                text("note"),
                big("created_by"),
                at("created_at"),
            ],
            fks: vec![fk("revenue_agreements", "created_by", "users")],
            indexes: vec![(
                "idx_revenue_agreements_subject",
                vec!["subject_kind", "subject_id", "id"],
                false,
            )],
        },
        Table_ {
            name: "revenue_agreement_parties",
            cols: vec![id("id"), big("agreement_id"), big("user_id"), int("weight")],
            fks: vec![
                fk(
                    "revenue_agreement_parties",
                    "agreement_id",
                    "revenue_agreements",
                ),
                fk("revenue_agreement_parties", "user_id", "users"),
            ],
            indexes: vec![(
                "ux_revenue_agreement_parties",
                vec!["agreement_id", "user_id"],
                true,
            )],
        },
        // A co-created product (from a winning entry or a poll), by code.
        Table_ {
            name: "products",
            cols: vec![
                id("id"),
                text("code"),
                text("name"),
                text_null("name_zh"),
                big_null("challenge_id"),
                big_null("submission_id"),
                text("currency"),
                big("created_by"),
                at("created_at"),
            ],
            fks: vec![fk("products", "created_by", "users")],
            indexes: vec![("ux_products_code", vec!["code"], true)],
        },
        Table_ {
            name: "product_sales_imports",
            cols: vec![
                id("id"),
                text("source"),
                text_null("filename"),
                int("lines"),
                big("created_by"),
                at("created_at"),
            ],
            fks: vec![fk("product_sales_imports", "created_by", "users")],
            indexes: vec![],
        },
        // Net sales of a product in a period (YYYY-MM); a correction is the
        // next revision, never an update.
        Table_ {
            name: "product_sales",
            cols: vec![
                id("id"),
                big("product_id"),
                text("period"),
                int("revision"),
                big("units"),
                big("net_sales_minor"),
                text("currency"),
                big_null("import_id"),
                big("created_by"),
                at("created_at"),
            ],
            fks: vec![
                fk("product_sales", "product_id", "products"),
                fk("product_sales", "created_by", "users"),
            ],
            indexes: vec![(
                "ux_product_sales_revision",
                vec!["product_id", "period", "revision"],
                true,
            )],
        },
        Table_ {
            name: "challenge_prizes",
            cols: vec![
                id("id"),
                big("challenge_id"),
                int("place"),
                big("amount_minor"),
                text("currency"),
                at("created_at"),
            ],
            fks: vec![fk("challenge_prizes", "challenge_id", "challenges")],
            indexes: vec![(
                "ux_challenge_prizes_place",
                vec!["challenge_id", "place"],
                true,
            )],
        },
        Table_ {
            name: "challenge_prize_confirmations",
            cols: vec![
                id("id"),
                big("challenge_id"),
                big("confirmed_by"),
                at("confirmed_at"),
            ],
            fks: vec![fk(
                "challenge_prize_confirmations",
                "challenge_id",
                "challenges",
            )],
            indexes: vec![(
                "ux_challenge_prize_confirmations",
                vec!["challenge_id"],
                true,
            )],
        },
        // Payout settings: each save is a new version; the latest is in force.
        // `details_enc`: base64 of nonce || AES-256-GCM ciphertext of the JSON
        // details; `details_hint` what may be shown (last digits).
        Table_ {
            name: "payout_settings",
            cols: vec![
                id("id"),
                big("user_id"),
                text("method"),
                text("details_enc"),
                text("details_hint"),
                big("threshold_minor"),
                text("currency"),
                text("residency"),
                at("created_at"),
            ],
            fks: vec![fk("payout_settings", "user_id", "users")],
            indexes: vec![("idx_payout_settings_user", vec!["user_id", "id"], false)],
        },
        Table_ {
            name: "payout_runs",
            cols: vec![
                id("id"),
                text("period"),
                big_null("created_by"),
                at("created_at"),
            ],
            fks: vec![],
            indexes: vec![("ux_payout_runs_period", vec!["period"], true)],
        },
        // A payout: gross leaves the creator's balance (held by the pending
        // transfer `transfer_id` until paid or failed), tax is withheld, net
        // is sent.
        Table_ {
            name: "payouts",
            cols: vec![
                id("id"),
                big("run_id"),
                big("user_id"),
                text("currency"),
                big("gross_minor"),
                big("tax_minor"),
                big("net_minor"),
                text("method"),
                text("details_hint"),
                text("residency"),
                big("transfer_id"),
                at("created_at"),
            ],
            fks: vec![
                fk("payouts", "run_id", "payout_runs"),
                fk("payouts", "user_id", "users"),
            ],
            indexes: vec![
                (
                    "ux_payouts_run_user",
                    vec!["run_id", "user_id", "currency"],
                    true,
                ),
                ("idx_payouts_user", vec!["user_id", "id"], false),
            ],
        },
        // What happened to a payout (created, approved, paid, failed): each
        // kind at most once; the latest is its status.
        Table_ {
            name: "payout_events",
            cols: vec![
                id("id"),
                big("payout_id"),
                text("kind"),
                text_null("reference"),
                text_null("reason"),
                big_null("actor_id"),
                at("created_at"),
            ],
            fks: vec![fk("payout_events", "payout_id", "payouts")],
            indexes: vec![("ux_payout_events_kind", vec!["payout_id", "kind"], true)],
        },
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .add_column(at_null("finance_at"))
                    .to_owned(),
            )
            .await?;
        for t in tables() {
            let mut create = Table::create().table(Alias::new(t.name)).to_owned();
            for mut c in t.cols {
                create.col(&mut c);
            }
            for mut f in t.fks {
                create.foreign_key(&mut f);
            }
            manager.create_table(create).await?;
            for (name, cols, unique) in t.indexes {
                manager
                    .create_index(index(name, t.name, &cols, unique))
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in tables().into_iter().rev() {
            manager
                .drop_table(Table::drop().table(Alias::new(t.name)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .drop_column(Alias::new("finance_at"))
                    .to_owned(),
            )
            .await
    }
}
