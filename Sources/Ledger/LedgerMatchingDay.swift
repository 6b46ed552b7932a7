public import Matching
import Receivables

extension Ledger {
    /// How many payments not placed yet one matching pass places at most: a day with more is matched a part at a time,
    /// so that what matching holds is bounded by the part, not by the day.
    public static let matchingPartSize = 100_000

    /// One matching pass of the day, once it is applied.
    public struct MatchedPass {
        /// What the pass concluded (without its items).
        public var result: MatchingEngine.Result
        /// The payments it read.
        public let payments: [PaymentToMatch]
        /// Which: the whole day, a part of it, or the suggestions after the parts.
        public let part: MatchingPart
        /// Of the allocations the pass undid, those an earlier part of the run made: a payment reversed in a later part
        /// of its own day, which one pass would not have placed at all.
        public let undoingEarlierParts: [Allocation]
    }

    /// The day's matching (docs/ledger.md, "A big day in parts"): one pass over what `scope` reads, applied in one
    /// transaction. When only what the day touches is read and more than `partSize` payments are not placed yet, a
    /// pass per part of them in booking order instead, each applied before the next is read (so a later part finds
    /// what an earlier one placed, as the one pass would), then a pass that gives the payments the parts left
    /// unmatched their suggestions, once no later part can pay what they would name. `applied` receives each pass.
    public func matchDay(
        scope: MatchingScope, engine: MatchingEngine, run: Int64, partSize: Int = matchingPartSize,
        applied: (MatchedPass) -> Void
    ) throws {
        guard scope == .touched, try scalar("SELECT count(*) FROM payments WHERE status = 'pending'") > partSize else {
            applied(try pass(.all, scope: scope, engine: engine, run: run, suggesting: true).pass)
            return
        }
        var unmatched: [Int64] = []
        var after: BookingPosition?
        repeat {
            let done = try pass(.next(count: partSize, after: after), scope: scope, engine: engine, run: run, suggesting: false)
            unmatched += done.pass.result.outcomes.compactMap { id, outcome in outcome.status == .unmatched ? id : nil }
            after = done.nextPartAfter
            applied(done.pass)
        } while after != nil
        unmatched.sort()
        for start in stride(from: 0, to: unmatched.count, by: partSize) {
            let ids = Array(unmatched[start..<min(start + partSize, unmatched.count)])
            applied(try pass(.suggestions(for: ids), scope: scope, engine: engine, run: run, suggesting: true).pass)
        }
    }

    /// One pass: its input read, matched and applied. The items are handed over to the engine, to be changed in place;
    /// when they are only those its payments name (not every open invoice), the payments left unmatched may be
    /// suggested others (by a number in their message, a typo in their reference, their amount): the engine asks for
    /// them once every payment is placed.
    private func pass(
        _ part: MatchingPart, scope: MatchingScope, engine: MatchingEngine, run: Int64, suggesting: Bool
    ) throws -> (pass: MatchedPass, nextPartAfter: BookingPosition?) {
        var input = try matchingInput(scope: scope, part: part)
        let items = input.openItems
        input.openItems = []
        var result = try engine.match(
            openItems: consume items, credits: input.credits, payments: input.payments, priorPayments: input.priorPayments,
            bookedCreditNotes: input.bookedCreditNotes, suggesting: suggesting
        ) { [holdsEveryOpenItem = input.holdsEveryOpenItem] lookups, items in
            holdsEveryOpenItem ? [] : try suggestionItems(for: lookups, besides: items)
        }
        // Only the result is held while it is booked.
        (result.openItems, result.suggestionItems) = ([], [])
        let undoing = try undoingEarlierParts(result, part: part, run: run)
        try apply(result, run: run, seenThrough: (input.lastInvoice, input.lastDecision))
        return (MatchedPass(result: result, payments: input.payments, part: part, undoingEarlierParts: undoing),
                input.nextPartAfter)
    }

    /// The allocations `result` undoes that an earlier part of `run` made (by the matching rules, not by a decision).
    private func undoingEarlierParts(_ result: MatchingEngine.Result, part: MatchingPart, run: Int64) throws(LedgerError)
        -> [Allocation]
    {
        if case .all = part { return [] }
        let made = try database.prepare("""
            SELECT 1 FROM allocations WHERE payment_id = ? AND invoice_id = ? AND run_id = ? AND amount > 0
                AND rule <> 'decision'
            """)
        var undoing: [Allocation] = []
        for allocation in result.undone {
            try made.bind([.integer(allocation.paymentId), .integer(allocation.invoiceId), .integer(run)])
            if try made.step() { undoing.append(allocation) }
        }
        return undoing
    }
}
