/// The ledger's schema, as numbered migrations: the database's `user_version` says how many have run.
/// Amounts are integer minor units; dates are `YYYY-MM-DD` text. docs/ledger.md explains every table.
enum Schema {
    /// The version whose reference keys saatava fills in after the migration's SQL (`Ledger.fillReferenceKeys`).
    static let referenceKeysVersion = 14
    /// The version whose customer keys saatava brings to their composed form after the migration's SQL
    /// (`Ledger.composeCustomerKeys`).
    static let composedKeysVersion = 26

    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            as_of TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed'))
        ) STRICT;
        CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('camt054', 'camt053', 'ktl', 'finvoice')),
            run_id INTEGER NOT NULL REFERENCES runs (id),
            records INTEGER NOT NULL CHECK (records >= 0),
            new_records INTEGER NOT NULL CHECK (new_records >= 0 AND new_records <= records)
        ) STRICT;
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT,
            business_id TEXT,
            consumer INTEGER NOT NULL CHECK (consumer IN (0, 1))
        ) STRICT;
        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY,
            seller_id TEXT NOT NULL,
            invoice_number TEXT NOT NULL,
            type TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            invoice_date TEXT NOT NULL,
            due_date TEXT,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount INTEGER NOT NULL,
            reference TEXT,
            reference_kind TEXT CHECK (reference_kind IN ('fi', 'rf', 'invalid')),
            reference_key TEXT,
            original_invoice_number TEXT,
            file_id INTEGER NOT NULL REFERENCES files (id),
            UNIQUE (seller_id, invoice_number)
        ) STRICT;
        CREATE INDEX invoices_by_reference ON invoices (reference_key);
        CREATE INDEX invoices_by_number ON invoices (invoice_number);
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            archive_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            booking_date TEXT,
            amount INTEGER CHECK (amount >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            direction TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),
            reversal INTEGER NOT NULL CHECK (reversal IN (0, 1)),
            entry_status TEXT NOT NULL,
            return_reason TEXT,
            reference TEXT,
            reference_kind TEXT CHECK (reference_kind IN ('fi', 'rf', 'invalid')),
            remittance_text TEXT,
            payer_name TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'matched', 'unmatched', 'reversed', 'reversal', 'refunded', 'ignored')),
            reason TEXT,
            unapplied INTEGER NOT NULL DEFAULT 0 CHECK (unapplied >= 0),
            suggested_invoice TEXT,
            suggestion_rule TEXT,
            confidence REAL,
            reverses INTEGER REFERENCES payments (id),
            file_id INTEGER NOT NULL REFERENCES files (id),
            UNIQUE (account, archive_id, reversal)
        ) STRICT;
        CREATE INDEX payments_by_archive_id ON payments (archive_id);
        CREATE INDEX payments_by_status ON payments (status);
        CREATE TABLE payment_parts (
            payment_id INTEGER NOT NULL REFERENCES payments (id),
            position INTEGER NOT NULL,
            reference TEXT,
            amount INTEGER,
            document_type TEXT,
            document_number TEXT,
            PRIMARY KEY (payment_id, position)
        ) STRICT;
        CREATE TABLE allocations (
            id INTEGER PRIMARY KEY,
            payment_id INTEGER REFERENCES payments (id),
            credit_note_id INTEGER REFERENCES invoices (id),
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            amount INTEGER NOT NULL CHECK (amount > 0),
            rule TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
        ) STRICT;
        CREATE INDEX allocations_by_invoice ON allocations (invoice_id);
        CREATE INDEX allocations_by_payment ON allocations (payment_id);
        CREATE INDEX allocations_by_credit_note ON allocations (credit_note_id);
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            payment_id INTEGER NOT NULL REFERENCES payments (id),
            action TEXT NOT NULL CHECK (action IN ('assign', 'refund', 'ignore')),
            invoice_id INTEGER REFERENCES invoices (id),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            note TEXT,
            source TEXT NOT NULL,
            run_id INTEGER REFERENCES runs (id),
            CHECK ((action = 'assign') = (invoice_id IS NOT NULL))
        ) STRICT;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs (id),
            entity TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_entity ON audit (entity, entity_key, action);
        CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """,
        // Only credit notes are looked up in the audit trail (has a customer credit been recorded?): indexing
        // every row cost an index insert per record booked and per payment matched.
        """
        DROP INDEX audit_by_entity;
        CREATE INDEX audit_of_credit_notes ON audit (entity_key, action) WHERE entity = 'credit_note';
        """,
        // SQLite checks `x IN (a list of three or more)` through a temporary B-tree built for every row written:
        // for each payment booked and each one matched. The same constraints, written as comparisons, cost
        // nothing of the kind. A table's constraints change only by copying it (SQLite's documented way).
        """
        CREATE TABLE invoices_3 (
            id INTEGER PRIMARY KEY,
            seller_id TEXT NOT NULL,
            invoice_number TEXT NOT NULL,
            type TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            invoice_date TEXT NOT NULL,
            due_date TEXT,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount INTEGER NOT NULL,
            reference TEXT,
            reference_kind TEXT CHECK (reference_kind = 'fi' OR reference_kind = 'rf' OR reference_kind = 'invalid'),
            reference_key TEXT,
            original_invoice_number TEXT,
            file_id INTEGER NOT NULL REFERENCES files (id),
            UNIQUE (seller_id, invoice_number)
        ) STRICT;
        INSERT INTO invoices_3 SELECT * FROM invoices;
        DROP TABLE invoices;
        ALTER TABLE invoices_3 RENAME TO invoices;
        CREATE INDEX invoices_by_reference ON invoices (reference_key);
        CREATE INDEX invoices_by_number ON invoices (invoice_number);
        CREATE TABLE payments_3 (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            archive_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            booking_date TEXT,
            amount INTEGER CHECK (amount >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            direction TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),
            reversal INTEGER NOT NULL CHECK (reversal IN (0, 1)),
            entry_status TEXT NOT NULL,
            return_reason TEXT,
            reference TEXT,
            reference_kind TEXT CHECK (reference_kind = 'fi' OR reference_kind = 'rf' OR reference_kind = 'invalid'),
            remittance_text TEXT,
            payer_name TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status = 'pending' OR status = 'matched' OR status = 'unmatched' OR status = 'reversed'
                    OR status = 'reversal' OR status = 'refunded' OR status = 'ignored'),
            reason TEXT,
            unapplied INTEGER NOT NULL DEFAULT 0 CHECK (unapplied >= 0),
            suggested_invoice TEXT,
            suggestion_rule TEXT,
            confidence REAL,
            reverses INTEGER REFERENCES payments (id),
            file_id INTEGER NOT NULL REFERENCES files (id),
            UNIQUE (account, archive_id, reversal)
        ) STRICT;
        INSERT INTO payments_3 SELECT * FROM payments;
        DROP TABLE payments;
        ALTER TABLE payments_3 RENAME TO payments;
        CREATE INDEX payments_by_archive_id ON payments (archive_id);
        CREATE INDEX payments_by_status ON payments (status);
        """,
        // Only the payments still to place are looked up by status, and matching moves nearly every payment from
        // `pending` to `matched` for good: an index over every payment's status grew with the years and cost an
        // index delete and insert per payment placed. Payment allocations carry no credit note: indexing their
        // NULL cost an index insert each. (Comparisons, not `IN`: see version 3.)
        """
        DROP INDEX payments_by_status;
        CREATE INDEX payments_to_place ON payments (status) WHERE status = 'pending' OR status = 'unmatched';
        DROP INDEX allocations_by_credit_note;
        CREATE INDEX allocations_by_credit_note ON allocations (credit_note_id) WHERE credit_note_id IS NOT NULL;
        """,
        // Money rows are append-only: an undone allocation is a new, opposite row (a negative amount, rule `undo`),
        // never a DELETE; triggers refuse changing or deleting one. camt.054 entries notified are remembered by their
        // archive id, so that the camt.053 statement line of the same money books nothing new.
        """
        CREATE TABLE allocations_5 (
            id INTEGER PRIMARY KEY,
            payment_id INTEGER REFERENCES payments (id),
            credit_note_id INTEGER REFERENCES invoices (id),
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            amount INTEGER NOT NULL CHECK (amount <> 0),
            rule TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL)),
            CHECK ((amount < 0) = (rule = 'undo'))
        ) STRICT;
        INSERT INTO allocations_5 SELECT * FROM allocations;
        DROP TABLE allocations;
        ALTER TABLE allocations_5 RENAME TO allocations;
        CREATE INDEX allocations_by_invoice ON allocations (invoice_id);
        CREATE INDEX allocations_by_payment ON allocations (payment_id);
        CREATE INDEX allocations_by_credit_note ON allocations (credit_note_id) WHERE credit_note_id IS NOT NULL;
        CREATE TRIGGER allocations_are_append_only_update BEFORE UPDATE ON allocations
            BEGIN SELECT RAISE(ABORT, 'allocations are append-only: undo one with an opposite row'); END;
        CREATE TRIGGER allocations_are_append_only_delete BEFORE DELETE ON allocations
            BEGIN SELECT RAISE(ABORT, 'allocations are append-only: undo one with an opposite row'); END;
        ALTER TABLE payments ADD COLUMN entry_archive_id TEXT;
        CREATE TABLE notified_entries (
            account TEXT NOT NULL,
            entry_archive_id TEXT NOT NULL,
            file_id INTEGER NOT NULL REFERENCES files (id),
            PRIMARY KEY (account, entry_archive_id)
        ) STRICT, WITHOUT ROWID;
        """,
        // What an invoice still owes is written once, as a view (`receivables`: invoices and interest invoices only;
        // reminders and other documents claim nothing). Customers keep what dunning and Finvoice reminders need,
        // and invoices the overdue interest and account they state.
        """
        ALTER TABLE invoices ADD COLUMN overdue_interest TEXT;
        ALTER TABLE invoices ADD COLUMN seller_account TEXT;
        ALTER TABLE customers ADD COLUMN street TEXT;
        ALTER TABLE customers ADD COLUMN post_code TEXT;
        ALTER TABLE customers ADD COLUMN town TEXT;
        ALTER TABLE customers ADD COLUMN country TEXT;
        ALTER TABLE customers ADD COLUMN language TEXT;
        ALTER TABLE customers ADD COLUMN einvoice_address TEXT;
        ALTER TABLE customers ADD COLUMN einvoice_intermediator TEXT;
        CREATE VIEW receivables AS
        SELECT i.id, i.seller_id, i.invoice_number, i.type, i.customer_id, i.invoice_date, i.due_date, i.currency, i.amount,
            i.reference, i.reference_key, i.overdue_interest, i.seller_account,
            coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.payment_id IS NOT NULL), 0)
                AS paid,
            coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.credit_note_id IS NOT NULL), 0)
                AS credited,
            i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0) AS open
        FROM invoices i WHERE i.type = 'invoice' OR i.type = 'interest_invoice';
        """,
        // Holds stop the dunning ladder (docs/dunning.md): one invoice's or a whole customer's, a dispute or a payment
        // plan with its instalments. Only active holds are looked up by status (a run asks which are in effect and
        // which plans broke), and a customer's plan sums what was paid on that customer's invoices: invoices get an
        // index by customer, or each such look-up would read every invoice ever booked. (Comparisons, not `IN`:
        // see version 3.)
        """
        CREATE TABLE holds (
            id INTEGER PRIMARY KEY,
            invoice_id INTEGER REFERENCES invoices (id),
            customer_id INTEGER REFERENCES customers (id),
            kind TEXT NOT NULL CHECK (kind = 'hold' OR kind = 'dispute' OR kind = 'plan'),
            from_date TEXT CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            until_date TEXT CHECK (until_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            note TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'ended' OR status = 'released'),
            run_id INTEGER REFERENCES runs (id),
            source TEXT NOT NULL,
            released_at TEXT,
            CHECK ((invoice_id IS NULL) <> (customer_id IS NULL)),
            CHECK (from_date IS NULL OR until_date IS NULL OR from_date <= until_date),
            CHECK ((status = 'released') = (released_at IS NOT NULL))
        ) STRICT;
        CREATE INDEX holds_active ON holds (status) WHERE status = 'active';
        CREATE TABLE hold_instalments (
            hold_id INTEGER NOT NULL REFERENCES holds (id),
            position INTEGER NOT NULL CHECK (position >= 1),
            due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            amount INTEGER NOT NULL CHECK (amount > 0),
            PRIMARY KEY (hold_id, position)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX invoices_by_customer ON invoices (customer_id);
        """,
        // Each dunning step issued for an invoice, once (invoice, step): a reminder with what it charged and the rule
        // that allowed or forbade the fee, or the transfer to collection. Rows are only ever inserted.
        """
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            step INTEGER NOT NULL CHECK (step >= 1),
            action TEXT NOT NULL CHECK (action = 'reminder' OR action = 'collection'),
            class TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            allowed_fee INTEGER NOT NULL CHECK (allowed_fee >= 0),
            fee INTEGER NOT NULL CHECK (fee >= 0),
            fee_rule TEXT,
            compensation INTEGER NOT NULL CHECK (compensation >= 0),
            interest INTEGER NOT NULL CHECK (interest >= 0),
            interest_through TEXT,
            interest_rate TEXT,
            pay_by TEXT,
            channel TEXT CHECK (channel = 'finvoice' OR channel = 'letter'),
            file TEXT,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            UNIQUE (invoice_id, step)
        ) STRICT;
        CREATE TRIGGER reminders_are_append_only_update BEFORE UPDATE ON reminders
            BEGIN SELECT RAISE(ABORT, 'reminders are append-only'); END;
        CREATE TRIGGER reminders_are_append_only_delete BEFORE DELETE ON reminders
            BEGIN SELECT RAISE(ABORT, 'reminders are append-only'); END;
        """,
        // A payment pays an invoice's principal first, then the interest, fees and compensation its reminders claimed:
        // an allocation says which it pays (its undoing row too). What an invoice owes in principal counts only the
        // principal's allocations; `charges` is what its reminders claimed (their fees and compensation, and the
        // interest of the latest) less what payments paid of it.
        """
        ALTER TABLE allocations ADD COLUMN pays_charges INTEGER NOT NULL DEFAULT 0 CHECK (pays_charges = 0 OR pays_charges = 1);
        DROP VIEW receivables;
        CREATE VIEW receivables AS
        SELECT i.id, i.seller_id, i.invoice_number, i.type, i.customer_id, i.invoice_date, i.due_date, i.currency, i.amount,
            i.reference, i.reference_key, i.overdue_interest, i.seller_account,
            coalesce((SELECT sum(a.amount) FROM allocations a
                WHERE a.invoice_id = i.id AND a.payment_id IS NOT NULL AND a.pays_charges = 0), 0) AS paid,
            coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.credit_note_id IS NOT NULL), 0)
                AS credited,
            i.amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.pays_charges = 0), 0)
                AS open,
            coalesce((SELECT sum(m.fee + m.compensation) + max(m.interest) FROM reminders m WHERE m.invoice_id = i.id), 0)
                - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.pays_charges = 1), 0)
                AS charges
        FROM invoices i WHERE i.type = 'invoice' OR i.type = 'interest_invoice';
        """,
        // Each outbox file's delivery to a destination, once (file, destination): pending until an upload is tried,
        // failed (with the last error) until one succeeds, then delivered with its receipt: size, SHA-256, remote
        // path and time. `attempts` counts uploads begun, so a later run knows an earlier one may have got the file
        // there before it stopped. A delivered row never changes again.
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            destination TEXT NOT NULL CHECK (destination IN ('agency', 'operator')),
            size INTEGER CHECK (size >= 0),
            sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
            remote_path TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            delivered_at TEXT,
            last_error TEXT,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            UNIQUE (file, destination),
            CHECK (status <> 'delivered' OR (size IS NOT NULL AND sha256 IS NOT NULL AND remote_path IS NOT NULL
                AND delivered_at IS NOT NULL))
        ) STRICT;
        CREATE INDEX deliveries_waiting ON deliveries (status) WHERE status <> 'delivered';
        CREATE TRIGGER deliveries_delivered_are_final BEFORE UPDATE ON deliveries WHEN OLD.status = 'delivered'
            BEGIN SELECT RAISE(ABORT, 'a delivered file is never delivered again'); END;
        CREATE TRIGGER deliveries_are_kept BEFORE DELETE ON deliveries
            BEGIN SELECT RAISE(ABORT, 'deliveries are kept'); END;
        """,
        // How each run ended, for `saatava status` and the metrics: its exit code, its length, why a failed run
        // stopped; and what a finished run told a person once (a conflicting re-delivery, a refused decisions file,
        // a broken payment plan), written with the run's end.
        """
        ALTER TABLE runs ADD COLUMN exit_code INTEGER;
        ALTER TABLE runs ADD COLUMN seconds REAL CHECK (seconds IS NULL OR seconds >= 0);
        ALTER TABLE runs ADD COLUMN problem TEXT;
        CREATE TABLE run_findings (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            kind TEXT NOT NULL CHECK (kind IN ('conflict', 'refused_decision', 'broken_plan')),
            subject TEXT NOT NULL,
            detail TEXT NOT NULL
        ) STRICT;
        CREATE INDEX run_findings_by_run ON run_findings (run_id);
        CREATE TRIGGER run_findings_are_kept BEFORE DELETE ON run_findings
            BEGIN SELECT RAISE(ABORT, 'run findings are kept'); END;
        """,
        // Insight (docs/insight.md) reads the invoices dated, and the payments booked, in the last 421 days: without
        // these indexes each `saatava insight` would read every invoice and payment ever booked.
        """
        CREATE INDEX invoices_by_date ON invoices (invoice_date);
        CREATE INDEX payments_by_booking_date ON payments (booking_date);
        """,
        // The journal for the books (docs/journal.md): balanced lines, written in the same transaction as the money row
        // that causes them, and only ever inserted. `voucher` is the id of the voucher's first line; `first_run` the
        // first run whose journal may carry the line (the next run's id for a line `saatava resolve` booked); `role`
        // says which of the config's accounts `account` was. History is backfilled from the money rows, each line
        // dated by the run that booked it, on the default accounts; charges paid are split by what the invoice's
        // reminders claimed, interest first, then fees, then compensation.
        """
        CREATE TABLE journal_lines (
            id INTEGER PRIMARY KEY,
            voucher INTEGER NOT NULL,
            first_run INTEGER NOT NULL,
            run_id INTEGER REFERENCES runs (id),
            role TEXT NOT NULL CHECK (role = 'receivables' OR role = 'bank' OR role = 'advances' OR role = 'feeIncome'
                OR role = 'interestIncome' OR role = 'compensationIncome' OR role = 'refundsPayable'),
            account TEXT NOT NULL,
            debit INTEGER NOT NULL CHECK (debit >= 0),
            credit INTEGER NOT NULL CHECK (credit >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            payment_id INTEGER REFERENCES payments (id),
            invoice_id INTEGER REFERENCES invoices (id),
            source TEXT NOT NULL,
            memo TEXT NOT NULL,
            CHECK ((debit = 0) <> (credit = 0))
        ) STRICT;
        CREATE TEMP TABLE history (
            seq INTEGER PRIMARY KEY,
            run INTEGER NOT NULL, kind INTEGER NOT NULL, row INTEGER NOT NULL, position INTEGER NOT NULL,
            first_run INTEGER NOT NULL, run_id INTEGER, role TEXT NOT NULL, account TEXT NOT NULL, amount INTEGER NOT NULL,
            currency TEXT NOT NULL, payment_id INTEGER, invoice_id INTEGER, source TEXT NOT NULL, memo TEXT NOT NULL
        );
        WITH receipts AS (
            SELECT p.id, f.run_id AS run, p.amount, p.currency, p.archive_id
            FROM payments p JOIN files f ON f.id = p.file_id
            WHERE p.entry_status = 'booked' AND p.direction = 'credit' AND p.reversal = 0 AND p.return_reason IS NULL
                AND p.amount > 0
        )
        INSERT INTO history (run, kind, row, position, first_run, run_id, role, account, amount, currency, payment_id,
            invoice_id, source, memo)
        SELECT run, 1, id, 1, run, run, 'bank', '1910', amount, currency, id, NULL, archive_id, 'payment received' FROM receipts
        UNION ALL
        SELECT run, 1, id, 2, run, run, 'advances', '2600', -amount, currency, id, NULL, archive_id, 'payment received'
        FROM receipts;
        WITH principal AS (
            SELECT a.id, a.run_id AS run, a.amount, i.currency, a.payment_id, a.invoice_id, p.archive_id,
                (CASE WHEN a.amount < 0 THEN 'reversed: ' ELSE '' END) || 'paid invoice ' || i.invoice_number AS memo
            FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
            WHERE a.pays_charges = 0
        )
        INSERT INTO history (run, kind, row, position, first_run, run_id, role, account, amount, currency, payment_id,
            invoice_id, source, memo)
        SELECT run, 2, id, 1, run, run, 'advances', '2600', amount, currency, payment_id, invoice_id, archive_id, memo
        FROM principal
        UNION ALL
        SELECT run, 2, id, 2, run, run, 'receivables', '1700', -amount, currency, payment_id, invoice_id, archive_id, memo
        FROM principal;
        WITH charged AS (
            SELECT a.id, a.run_id AS run, a.amount, i.currency, a.payment_id, a.invoice_id, p.archive_id, i.invoice_number,
                sum(a.amount) OVER (PARTITION BY a.invoice_id ORDER BY a.id) AS after,
                coalesce((SELECT max(m.interest) FROM reminders m WHERE m.invoice_id = a.invoice_id), 0) AS interest,
                coalesce((SELECT sum(m.fee) FROM reminders m WHERE m.invoice_id = a.invoice_id), 0) AS fees
            FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
            WHERE a.pays_charges = 1
        ),
        parts AS (
            SELECT *, (CASE WHEN amount < 0 THEN 'reversed: ' ELSE '' END) AS undone,
                min(max(after, 0), interest) - min(max(after - amount, 0), interest) AS to_interest,
                min(max(after - interest, 0), fees) - min(max(after - amount - interest, 0), fees) AS to_fees
            FROM charged
        )
        INSERT INTO history (run, kind, row, position, first_run, run_id, role, account, amount, currency, payment_id,
            invoice_id, source, memo)
        SELECT run, 2, id, 1, run, run, 'advances', '2600', amount, currency, payment_id, invoice_id, archive_id,
            undone || 'charges of invoice ' || invoice_number FROM parts
        UNION ALL
        SELECT run, 2, id, 2, run, run, 'interestIncome', '9160', -to_interest, currency, payment_id, invoice_id, archive_id,
            undone || 'interest of invoice ' || invoice_number FROM parts WHERE to_interest <> 0
        UNION ALL
        SELECT run, 2, id, 3, run, run, 'feeIncome', '3950', -to_fees, currency, payment_id, invoice_id, archive_id,
            undone || 'fees of invoice ' || invoice_number FROM parts WHERE to_fees <> 0
        UNION ALL
        SELECT run, 2, id, 4, run, run, 'compensationIncome', '3960', -(amount - to_interest - to_fees), currency, payment_id,
            invoice_id, archive_id, undone || 'compensation of invoice ' || invoice_number
        FROM parts WHERE amount - to_interest - to_fees <> 0;
        WITH credited AS (
            SELECT a.id, a.run_id AS run, a.amount, i.currency, a.credit_note_id, a.invoice_id, c.invoice_number AS note,
                'credit note ' || c.invoice_number || ' on invoice ' || i.invoice_number AS memo
            FROM allocations a JOIN invoices c ON c.id = a.credit_note_id JOIN invoices i ON i.id = a.invoice_id
        )
        INSERT INTO history (run, kind, row, position, first_run, run_id, role, account, amount, currency, payment_id,
            invoice_id, source, memo)
        SELECT run, 3, id, 1, run, run, 'receivables', '1700', amount, currency, NULL, credit_note_id, note, memo FROM credited
        UNION ALL
        SELECT run, 3, id, 2, run, run, 'receivables', '1700', -amount, currency, NULL, invoice_id, note, memo FROM credited;
        WITH refunds AS (
            SELECT d.id, coalesce(d.run_id, (SELECT max(id) FROM runs)) AS run, d.run_id, d.amount, p.currency, p.id AS payment,
                p.archive_id
            FROM decisions d JOIN payments p ON p.id = d.payment_id WHERE d.action = 'refund' AND d.amount > 0
        )
        INSERT INTO history (run, kind, row, position, first_run, run_id, role, account, amount, currency, payment_id,
            invoice_id, source, memo)
        SELECT run, 4, id, 1, run, run_id, 'advances', '2600', amount, currency, payment, NULL, archive_id, 'refund decided'
        FROM refunds
        UNION ALL
        SELECT run, 4, id, 2, run, run_id, 'refundsPayable', '2900', -amount, currency, payment, NULL, archive_id, 'refund decided'
        FROM refunds;
        WITH reversals AS (
            SELECT r.id, coalesce((SELECT max(a.run_id) FROM allocations a WHERE a.payment_id = r.reverses AND a.rule = 'undo'),
                f.run_id) AS run, r.amount, r.currency, r.archive_id, 'reversal of ' || o.archive_id AS memo,
                coalesce((SELECT sum(d.amount) FROM decisions d WHERE d.payment_id = o.id AND d.action = 'refund'), 0) AS refunded,
                'refund of ' || o.archive_id || ' not owed: the payment was reversed' AS refund_memo
            FROM payments r JOIN payments o ON o.id = r.reverses JOIN files f ON f.id = r.file_id
            WHERE r.status = 'reversal' AND r.amount > 0
        )
        INSERT INTO history (run, kind, row, position, first_run, run_id, role, account, amount, currency, payment_id,
            invoice_id, source, memo)
        SELECT run, 5, id, 1, run, run, 'advances', '2600', amount, currency, id, NULL, archive_id, memo FROM reversals
        UNION ALL
        SELECT run, 5, id, 2, run, run, 'bank', '1910', -amount, currency, id, NULL, archive_id, memo FROM reversals
        UNION ALL
        SELECT run, 5, id, 3, run, run, 'refundsPayable', '2900', refunded, currency, id, NULL, archive_id, refund_memo
        FROM reversals WHERE refunded > 0
        UNION ALL
        SELECT run, 5, id, 4, run, run, 'advances', '2600', -refunded, currency, id, NULL, archive_id, refund_memo
        FROM reversals WHERE refunded > 0;
        CREATE TEMP TABLE ordered AS
            SELECT row_number() OVER (ORDER BY run, kind, row, position) AS id, * FROM history;
        CREATE INDEX temp.ordered_by_event ON ordered (kind, row);
        INSERT INTO journal_lines (id, voucher, first_run, run_id, role, account, debit, credit, currency, payment_id,
            invoice_id, source, memo)
        SELECT o.id, (SELECT min(e.id) FROM ordered e WHERE e.kind = o.kind AND e.row = o.row), o.first_run, o.run_id,
            o.role, o.account, max(o.amount, 0), max(-o.amount, 0), o.currency, o.payment_id, o.invoice_id, o.source, o.memo
        FROM ordered o WHERE o.amount <> 0 ORDER BY o.id;
        DROP TABLE temp.ordered;
        DROP TABLE temp.history;
        CREATE INDEX journal_lines_by_run ON journal_lines (first_run);
        CREATE INDEX journal_lines_by_invoice ON journal_lines (invoice_id) WHERE invoice_id IS NOT NULL;
        CREATE TRIGGER journal_lines_are_append_only_update BEFORE UPDATE ON journal_lines
            BEGIN SELECT RAISE(ABORT, 'journal lines are append-only: undo one with opposite lines'); END;
        CREATE TRIGGER journal_lines_are_append_only_delete BEFORE DELETE ON journal_lines
            BEGIN SELECT RAISE(ABORT, 'journal lines are append-only: undo one with opposite lines'); END;
        """,
        // A day's run costs what the day touches (docs/ledger.md, "A year at the cost of a day"). `balances` keeps what
        // each invoice still owes (`open`: principal; `charges`: what its reminders claimed less what was paid of it)
        // and each credit note's credit left (`open` negative), written with every money row (by saatava, `KeptFigures`;
        // a reminder's charges by a trigger), so that no query sums all history to find the open items; its indexes hold only the open ones (by due date for dunning,
        // by amount for matching's suggestions and the credit notes). Payments and remittance blocks keep their
        // reference's matching key (filled in by saatava when the ledger is opened), so that the payments still to
        // place are found by the keys a day touches; payments get an index by sequence (the last one is read per file)
        // and one of matched payments with money left (the accountant's list), invoices one by file. `matching_marks`
        // says the last invoice and decision a matching pass has seen; `journal_totals` keeps each currency's debits and credits through
        // a line (brought up to date from the lines after it), so that every run can check that they agree without
        // summing the whole journal; `payment_counts` the payments by
        // status (the metrics).
        """
        CREATE TABLE balances (
            invoice_id INTEGER PRIMARY KEY REFERENCES invoices (id),
            due_date TEXT,
            open INTEGER NOT NULL,
            charges INTEGER NOT NULL
        ) STRICT;
        INSERT INTO balances (invoice_id, due_date, open, charges) SELECT id, due_date, open, charges FROM receivables;
        INSERT INTO balances (invoice_id, due_date, open, charges)
        SELECT i.id, i.due_date, i.amount + coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0), 0
        FROM invoices i WHERE i.type = 'credit_note';
        INSERT INTO balances (invoice_id, due_date, open, charges)
        SELECT id, due_date, 0, 0 FROM invoices WHERE id NOT IN (SELECT invoice_id FROM balances);
        CREATE INDEX balances_open_by_due ON balances (due_date) WHERE open <> 0;
        CREATE INDEX balances_open_by_amount ON balances (open) WHERE open <> 0;
        CREATE INDEX balances_with_charges ON balances (charges) WHERE charges <> 0;
        CREATE TRIGGER balances_of_reminder AFTER INSERT ON reminders BEGIN
            UPDATE balances SET charges =
                (SELECT sum(m.fee + m.compensation) + max(m.interest) FROM reminders m WHERE m.invoice_id = NEW.invoice_id)
                - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = NEW.invoice_id AND a.pays_charges = 1), 0)
            WHERE invoice_id = NEW.invoice_id;
        END;
        CREATE TRIGGER balances_are_kept BEFORE DELETE ON balances
            BEGIN SELECT RAISE(ABORT, 'balances are kept'); END;
        DROP VIEW receivables;
        CREATE VIEW receivables AS
        SELECT i.id, i.seller_id, i.invoice_number, i.type, i.customer_id, i.invoice_date, b.due_date, i.currency, i.amount,
            i.reference, i.reference_key, i.overdue_interest, i.seller_account,
            coalesce((SELECT sum(a.amount) FROM allocations a
                WHERE a.invoice_id = i.id AND a.payment_id IS NOT NULL AND a.pays_charges = 0), 0) AS paid,
            coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.credit_note_id IS NOT NULL), 0)
                AS credited,
            b.open, b.charges
        FROM invoices i JOIN balances b ON b.invoice_id = i.id WHERE i.type = 'invoice' OR i.type = 'interest_invoice';
        ALTER TABLE payments ADD COLUMN reference_key TEXT;
        ALTER TABLE payment_parts ADD COLUMN reference_key TEXT;
        CREATE INDEX payments_by_key ON payments (reference_key, amount) WHERE reference_key IS NOT NULL;
        CREATE INDEX payment_parts_by_key ON payment_parts (reference_key) WHERE reference_key IS NOT NULL;
        CREATE INDEX payment_parts_by_document ON payment_parts (document_number) WHERE document_number IS NOT NULL;
        CREATE INDEX payments_by_sequence ON payments (sequence);
        CREATE INDEX payments_with_money_left ON payments (status) WHERE status = 'matched' AND unapplied > 0;
        CREATE INDEX invoices_by_file ON invoices (file_id);
        CREATE TABLE matching_marks (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_invoice INTEGER NOT NULL,
            last_decision INTEGER NOT NULL
        ) STRICT;
        INSERT INTO matching_marks (id, last_invoice, last_decision)
            SELECT 1, (SELECT coalesce(max(id), 0) FROM invoices), (SELECT coalesce(max(id), 0) FROM decisions);
        CREATE TABLE journal_totals (
            currency TEXT PRIMARY KEY,
            debit INTEGER NOT NULL,
            credit INTEGER NOT NULL,
            through_line INTEGER NOT NULL
        ) STRICT;
        INSERT INTO journal_totals (currency, debit, credit, through_line)
            SELECT currency, sum(debit), sum(credit), (SELECT coalesce(max(id), 0) FROM journal_lines) FROM journal_lines
            GROUP BY currency;
        CREATE TABLE payment_counts (
            status TEXT PRIMARY KEY,
            count INTEGER NOT NULL
        ) STRICT;
        INSERT INTO payment_counts (status, count) SELECT status, count(*) FROM payments GROUP BY status;
        """,
        // Insight's kept sums (docs/ledger.md): what insight's figures sum over the invoices of its 14-month window,
        // kept as of a day with the last allocation and invoice seen (`insight_mark`), so that a day's run changes them
        // by what changed instead of reading the window again. Derived from the money rows, never a money row itself:
        // a row is changed in place and deleted when it comes to zero. The first run after this migration reads the
        // window and keeps them. Credit notes get an index by date: the invoices they settled are read by it.
        """
        CREATE TABLE insight_sums (
            figure INTEGER NOT NULL,
            owner TEXT NOT NULL,
            slot INTEGER NOT NULL,
            a INTEGER NOT NULL,
            b INTEGER NOT NULL,
            c INTEGER NOT NULL,
            PRIMARY KEY (figure, owner, slot)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE insight_mark (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            as_of TEXT NOT NULL,
            last_allocation INTEGER NOT NULL,
            last_invoice INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX invoices_credit_notes_by_date ON invoices (invoice_date) WHERE type = 'credit_note';
        """,
        // A big day's payments not placed yet, in booking order (as SQLite orders them: no date first), so that
        // matching takes them a part at a time without sorting them all for each part.
        """
        CREATE INDEX payments_pending_in_order ON payments (booking_date, sequence) WHERE status = 'pending';
        """,
        // The invoices that owe money, in the order of their rows, with what each owes: the open totals and insight's
        // open invoices read the invoices' pages in turn through it, rather than one page per invoice in the order of
        // the amounts owed (`balances_open_by_amount`) or after sorting them all.
        """
        CREATE INDEX balances_owing_by_invoice ON balances (invoice_id, open) WHERE open > 0;
        """,
        // The payments a big day's parts left unmatched, kept with each part until the suggestion passes after the
        // parts have given them their suggestions: a run that stops between the two (killed, a full disk) leaves them
        // here for the next run's matching to suggest. Empty between runs that finish.
        """
        CREATE TABLE payments_owing_suggestions (
            payment_id INTEGER PRIMARY KEY REFERENCES payments (id)
        ) STRICT;
        """,
        // The decisions on a payment: a reversal's voucher looks for a refund decided on the payment it reverses, which
        // without an index read every decision ever made.
        """
        CREATE INDEX decisions_by_payment ON decisions (payment_id);
        """,
        // The creditor whose own invoices insight's kept sums count (NULL: every seller's): sums kept for another (or
        // for none) are made afresh.
        """
        ALTER TABLE insight_mark ADD COLUMN creditor TEXT;
        """,
        // The dunning steps of a day: what waits after a run counts the day's transfers to collection, which without an
        // index read every reminder ever issued.
        """
        CREATE INDEX reminders_by_day ON reminders (issued_on, action);
        """,
        // The money rows of a run: the page lists the invoices whose charges are unpaid and whose last money came in
        // the last 30 days, found through those days' allocations, which without an index meant looking up the last
        // allocation of every invoice ever left with charges unpaid.
        """
        CREATE INDEX allocations_by_run ON allocations (run_id);
        """,
        // The invoices whose principal is paid and whose charges are not, counted and summed per currency, kept with
        // each allocation (`KeptFigures`) and each reminder (this trigger, which sets `charges`): the page sums those
        // whose last money came more than 30 days ago, which read every invoice ever left with charges unpaid.
        """
        CREATE TABLE unpaid_charges (
            currency TEXT PRIMARY KEY,
            invoices INTEGER NOT NULL,
            charges INTEGER NOT NULL
        ) STRICT;
        INSERT INTO unpaid_charges (currency, invoices, charges)
        SELECT i.currency, count(*), sum(b.charges) FROM balances b CROSS JOIN invoices i ON i.id = b.invoice_id
        WHERE b.charges > 0 AND b.open = 0 AND (i.type = 'invoice' OR i.type = 'interest_invoice')
        GROUP BY i.currency;
        DROP TRIGGER balances_of_reminder;
        CREATE TRIGGER balances_of_reminder AFTER INSERT ON reminders BEGIN
            UPDATE unpaid_charges SET invoices = invoices - 1,
                charges = charges - (SELECT b.charges FROM balances b WHERE b.invoice_id = NEW.invoice_id)
            WHERE currency = (SELECT i.currency FROM invoices i JOIN balances b ON b.invoice_id = i.id
                WHERE i.id = NEW.invoice_id AND b.open = 0 AND b.charges > 0
                    AND (i.type = 'invoice' OR i.type = 'interest_invoice'));
            UPDATE balances SET charges =
                (SELECT sum(m.fee + m.compensation) + max(m.interest) FROM reminders m
                    WHERE m.invoice_id = NEW.invoice_id)
                - coalesce((SELECT sum(a.amount) FROM allocations a
                    WHERE a.invoice_id = NEW.invoice_id AND a.pays_charges = 1), 0)
            WHERE invoice_id = NEW.invoice_id;
            INSERT INTO unpaid_charges (currency, invoices, charges)
            SELECT i.currency, 1, b.charges FROM invoices i JOIN balances b ON b.invoice_id = i.id
            WHERE i.id = NEW.invoice_id AND b.open = 0 AND b.charges > 0
                AND (i.type = 'invoice' OR i.type = 'interest_invoice')
            ON CONFLICT (currency) DO UPDATE SET invoices = invoices + 1, charges = charges + excluded.charges;
        END;
        """,
        // What a delivery's file knew: the last allocation when it was recorded, so that money placed on its invoices
        // later (by a later run, or by `saatava resolve` after its own) withholds a file that waited.
        """
        ALTER TABLE deliveries ADD COLUMN last_allocation INTEGER;
        """,
        // A waiting file a person ends (`saatava deliver --drop`, docs/delivery.md): `dropped`, never uploaded and no
        // longer waiting, final like a delivered one. The table is made anew for its status check (comparisons, not
        // `IN`: see version 3).
        """
        CREATE TABLE deliveries_25 (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            destination TEXT NOT NULL CHECK (destination IN ('agency', 'operator')),
            size INTEGER CHECK (size >= 0),
            sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
            remote_path TEXT,
            status TEXT NOT NULL
                CHECK (status = 'pending' OR status = 'delivered' OR status = 'failed' OR status = 'dropped'),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            delivered_at TEXT,
            last_error TEXT,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            last_allocation INTEGER,
            UNIQUE (file, destination),
            CHECK (status <> 'delivered' OR (size IS NOT NULL AND sha256 IS NOT NULL AND remote_path IS NOT NULL
                AND delivered_at IS NOT NULL))
        ) STRICT;
        INSERT INTO deliveries_25 (id, file, destination, size, sha256, remote_path, status, attempts, delivered_at,
            last_error, run_id, last_allocation)
        SELECT id, file, destination, size, sha256, remote_path, status, attempts, delivered_at, last_error, run_id,
            last_allocation FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_25 RENAME TO deliveries;
        CREATE INDEX deliveries_waiting ON deliveries (status) WHERE status = 'pending' OR status = 'failed';
        CREATE TRIGGER deliveries_ended_are_final BEFORE UPDATE ON deliveries
            WHEN OLD.status = 'delivered' OR OLD.status = 'dropped'
            BEGIN SELECT RAISE(ABORT, 'a delivered or dropped file is never delivered again'); END;
        CREATE TRIGGER deliveries_are_kept BEFORE DELETE ON deliveries
            BEGIN SELECT RAISE(ABORT, 'deliveries are kept'); END;
        """,
        // Customer keys in Unicode's composed form (`Customer.bookedKey`): SQL cannot compose them, so this version has
        // no SQL and leaves it to saatava, which also makes one customer of keys that then agree.
        "",
        // Insight's trend kept as two periods per customer instead of twelve 30-day months (whose edges moved every
        // day, re-reading the invoices paid on twelve days): the kept sums are derived, so the next run makes them
        // afresh.
        """
        DELETE FROM insight_sums;
        DELETE FROM insight_mark;
        """,
    ]
}
