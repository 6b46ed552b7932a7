@testable import Ledger
import XCTest

/// The figures the ledger keeps beside the money rows (schema 14, `KeptFigures`) are what those rows add up to: each
/// invoice's open principal and charges, each credit note's credit left, a balance for every document, the payments
/// by status, and (schema 23) the invoices with principal paid and charges unpaid, per currency.
func assertKeptFiguresAgree(_ ledger: Ledger, file: StaticString = #filePath, line: UInt = #line) throws {
    let disagreeing = try ledger.scalar("""
        SELECT count(*) FROM invoices i JOIN balances b ON b.invoice_id = i.id
        WHERE ((i.type = 'invoice' OR i.type = 'interest_invoice') AND (b.open <> i.amount
                - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.pays_charges = 0), 0)
            OR b.charges <> coalesce((SELECT sum(m.fee + m.compensation) + max(m.interest) FROM reminders m
                WHERE m.invoice_id = i.id), 0)
                - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.pays_charges = 1), 0)))
            OR (i.type = 'credit_note'
                AND b.open <> i.amount + coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.credit_note_id = i.id), 0))
        """)
    XCTAssertEqual(disagreeing, 0, "balances kept that the money rows do not add up to", file: file, line: line)
    XCTAssertEqual(try ledger.scalar("SELECT count(*) FROM invoices"), try ledger.scalar("SELECT count(*) FROM balances"),
                   "a balance for every document", file: file, line: line)
    let counted = try ledger.database.prepare("SELECT status, count(*) FROM payments GROUP BY status")
    try counted.bind([])
    var live: [String: Int] = [:]
    while try counted.step() { live[try counted.requiredText(0)] = Int(counted.integer(1)) }
    XCTAssertEqual(try ledger.paymentCounts(), live, "payment counts kept", file: file, line: line)
    func text(_ sql: String) throws -> String? {
        let statement = try ledger.database.prepare(sql)
        try statement.bind([])
        return try statement.step() ? statement.text(0) : nil
    }
    let unpaid = try text("""
        SELECT group_concat(currency || ' ' || invoices || ' ' || charges, '; ') FROM (
            SELECT * FROM unpaid_charges WHERE invoices <> 0 OR charges <> 0 ORDER BY currency)
        """)
    let unpaidLive = try text("""
        SELECT group_concat(currency || ' ' || invoices || ' ' || charges, '; ') FROM (
            SELECT currency, count(*) AS invoices, sum(charges) AS charges FROM receivables
            WHERE charges > 0 AND open = 0 GROUP BY currency ORDER BY currency)
        """)
    XCTAssertEqual(unpaid, unpaidLive, "unpaid charges kept", file: file, line: line)
}
