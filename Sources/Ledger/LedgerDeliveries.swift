public import Receivables

/// Deliveries (SFTP uploads) and their receipts: one row per (file, destination), pending → delivered or failed, or
/// dropped by a person.
extension Ledger {
    /// A delivery still to make: its row id, the file (relative to the working directory), the destination and how
    /// many uploads of it were begun before.
    public struct WaitingDelivery: Sendable, Equatable {
        public let id: Int64
        public let file: String
        public let destination: String
        public let attempts: Int
        /// The run that recorded it: the reminders or transfers in the file are that run's.
        public let run: Int64
        /// The last allocation when it was recorded (nil for a row from before schema 24).
        public let lastAllocation: Int64?
    }

    /// Records that `file` is to go to `destination` (once: a file already recorded for it is left as it is).
    /// - Returns: Whether it was new.
    @discardableResult
    public func enqueueDelivery(file: String, destination: String, size: Int, sha256: String, run: Int64)
        throws(LedgerError) -> Bool
    {
        let before = try scalar("SELECT count(*) FROM deliveries WHERE file = ? AND destination = ?",
                                [.text(file), .text(destination)])
        guard before == 0 else { return false }
        try database.prepare("""
            INSERT INTO deliveries (file, destination, size, sha256, status, attempts, run_id, last_allocation)
            VALUES (?, ?, ?, ?, 'pending', 0, ?, (SELECT coalesce(max(id), 0) FROM allocations))
            """).run([.text(file), .text(destination), .integer(Int64(size)), .text(sha256), .integer(run)])
        return true
    }

    /// The deliveries not yet made (pending or failed), oldest first.
    public func waitingDeliveries() throws(LedgerError) -> [WaitingDelivery] {
        let statement = try database.prepare("""
            SELECT id, file, destination, attempts, run_id, last_allocation FROM deliveries
            WHERE status IN ('pending', 'failed') ORDER BY id
            """)
        try statement.bind([])
        var waiting: [WaitingDelivery] = []
        while try statement.step() {
            waiting.append(WaitingDelivery(
                id: statement.integer(0), file: try statement.requiredText(1), destination: try statement.requiredText(2),
                attempts: Int(statement.integer(3)), run: statement.integer(4),
                lastAllocation: statement.optionalInteger(5)))
        }
        return waiting
    }

    /// What the ledger learned, since `delivery` was recorded, that makes a step in it wrong to send: for each
    /// reminder (to the operator: those sent as Finvoice) or transfer (to the agency) its run issued, money placed on
    /// the invoice since (allocations after the file's last one; for a row from before schema 24, by a later run), or
    /// a hold, dispute or plan over it in effect on the latest run's day. Empty when everything still holds, and
    /// always for the agency's notices of payments, which the agency needs however the day's transfers fare.
    public func stepsOvertaken(in delivery: WaitingDelivery) throws(LedgerError) -> [String] {
        if delivery.destination == "agency", delivery.file.split(separator: "/").last?.hasPrefix("payments-") == true {
            return []
        }
        let steps = delivery.destination == "operator" ? "m.action = 'reminder' AND m.channel = 'finvoice'"
            : "m.action = 'collection'"
        // The file's run's steps through reminders_by_day; the money through allocations_by_invoice.
        let statement = try database.prepare("""
            SELECT i.invoice_number, m.action, m.currency, c.key,
                (SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = m.invoice_id
                    AND (a.id > ?2 OR (?2 IS NULL AND a.run_id > m.run_id))) AS since
            FROM reminders m JOIN invoices i ON i.id = m.invoice_id JOIN customers c ON c.id = i.customer_id
            WHERE m.issued_on = (SELECT as_of FROM runs WHERE id = ?1) AND m.run_id = ?1 AND \(steps) ORDER BY m.id
            """)
        let (number, action, currency, customer, since) = (
            try statement.column("invoice_number"), try statement.column("action"), try statement.column("currency"),
            try statement.column("key"), try statement.column("since"))
        try statement.bind([.integer(delivery.run), delivery.lastAllocation.sql])
        // A hold counts as of the latest run's day (the one running, if any), as dunning counts it.
        let latest = try database.prepare("SELECT max(as_of) FROM runs")
        try latest.bind([])
        guard try latest.step(), let day = try latest.date(0) else { return [] }
        while try latest.step() {}
        let holds = try holdsInEffect(on: day)
        var overtaken: [String] = []
        while try statement.step() {
            let (invoice, customerKey) = (try statement.requiredText(number), try statement.requiredText(customer))
            let step = "the \(try statement.requiredText(action) == "collection" ? "transfer" : "reminder") of invoice "
                + invoice
            if let paid = statement.optionalInteger(since), paid > 0 {
                let amount = Amount(minorUnits: paid, currency: try statement.currency(currency))
                overtaken.append("\(step): \(amount) placed on it since")
            } else if let hold = holds.first(where: { $0.covers(invoiceNumber: invoice, customerKey: customerKey) }) {
                overtaken.append("\(step): \(hold.kind.rawValue) \(hold.id) in effect")
            }
        }
        return overtaken
    }

    /// How many files wait for each destination, by status (`pending`, `failed`).
    public func waitingDeliveryCounts() throws(LedgerError) -> [String: [String: Int]] {
        let statement = try database.prepare(
            """
            SELECT destination, status, count(*) FROM deliveries WHERE status IN ('pending', 'failed')
            GROUP BY destination, status
            """)
        try statement.bind([])
        var counts: [String: [String: Int]] = [:]
        while try statement.step() {
            counts[try statement.requiredText(0), default: [:]][try statement.requiredText(1)] = Int(statement.integer(2))
        }
        return counts
    }

    /// Records, before an upload starts, that it is being tried (so that a run stopped during it looks first).
    public func beginDeliveryAttempt(_ id: Int64) throws(LedgerError) {
        try database.prepare("UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?").run([.integer(id)])
    }

    /// Records a delivery's receipt.
    public func recordDelivered(_ id: Int64, size: Int, sha256: String, remotePath: String, at timestamp: String)
        throws(LedgerError)
    {
        try database.prepare("""
            UPDATE deliveries SET status = 'delivered', size = ?, sha256 = ?, remote_path = ?, delivered_at = ?,
                last_error = NULL
            WHERE id = ?
            """).run([.integer(Int64(size)), .text(sha256), .text(remotePath), .text(timestamp), .integer(id)])
    }

    /// Records why a delivery failed; it is tried again later.
    public func recordDeliveryFailed(_ id: Int64, error: String) throws(LedgerError) {
        try database.prepare("UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?")
            .run([.text(error), .integer(id)])
    }

    /// Ends at a person's word every waiting delivery of `file` (`saatava deliver --drop`, docs/delivery.md): it is
    /// never uploaded and no longer waits; the row is kept as `dropped` with the reason, and the audit trail says who
    /// and why. What the file's run recorded (its reminders or transfers) stays as it is.
    /// - Returns: The destinations the file waited for.
    /// - Throws: `DeliveryRefusal` when no delivery of `file` waits (none recorded, or delivered or dropped).
    public func dropDelivery(file: String, reason: String, at timestamp: String, source: String) throws -> [String] {
        try database.transaction {
            let find = try database.prepare("SELECT destination, status FROM deliveries WHERE file = ? ORDER BY id")
            try find.bind([.text(file)])
            var waiting: [String] = []
            var ended: [String] = []
            while try find.step() {
                let (destination, status) = (try find.requiredText(0), try find.requiredText(1))
                if status == "pending" || status == "failed" {
                    waiting.append(destination)
                } else {
                    ended.append("\(status) to \(destination)")
                }
            }
            guard !waiting.isEmpty else {
                throw DeliveryRefusal(description: ended.isEmpty
                    ? "no delivery of \(file) is recorded ('saatava ledger deliveries' lists them by file)"
                    : "\(file) waits for no delivery: it was \(ended.joined(separator: ", ")) already")
            }
            try database.prepare("""
                UPDATE deliveries SET status = 'dropped', last_error = ? WHERE file = ? AND status IN ('pending', 'failed')
                """).run([.text("dropped at \(timestamp) by \(source): \(reason)"), .text(file)])
            try database.prepare("INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (NULL, ?, ?, ?, ?)")
                .run([.text("delivery"), .text(file), .text("dropped"),
                      .text("not to be delivered to \(waiting.joined(separator: ", ")), by \(source): \(reason)")])
            return waiting
        }
    }

    /// Every delivery, in the order they were recorded.
    public func deliveryViews() throws(LedgerError) -> [DeliveryView] {
        let statement = try database.prepare("""
            SELECT file, destination, size, sha256, remote_path, status, attempts, delivered_at, last_error
            FROM deliveries ORDER BY id
            """)
        try statement.bind([])
        var views: [DeliveryView] = []
        while try statement.step() {
            views.append(DeliveryView(
                file: try statement.requiredText(0), destination: try statement.requiredText(1),
                size: statement.optionalInteger(2), sha256: statement.text(3), remotePath: statement.text(4),
                status: try statement.requiredText(5), attempts: Int(statement.integer(6)), deliveredAt: statement.text(7),
                lastError: statement.text(8)))
        }
        return views
    }
}

/// Why a person's ending of a delivery was refused; nothing was changed.
public struct DeliveryRefusal: Error, CustomStringConvertible {
    public let description: String
}
