public import Receivables

/// Places payments on open invoices: a pure function from open items, credit notes and payments to
/// allocations and outcomes, each with the rule that decided it. It does no I/O; the ledger applies its result.
///
/// Order of work: credit notes reduce their invoices first; then each payment in the order given (booking
/// date, then the order the bank reported them): reversals undo their original, receipts are applied by
/// reference (two open invoices under one reference: the one owing exactly the amount, else `ambiguous`); credit
/// notes go to the invoices a reversal reopened, and payments left waiting by what later ones changed are placed
/// again; last, unmatched payments get suggestions, applied only for the rules named in `autoApply`. docs/ledger.md
/// lists the rules.
public struct MatchingEngine: Sendable {
    /// Suggestion rules whose suggestions are applied without asking the accountant.
    public var autoApply: Set<MatchRule>

    /// An engine that applies the given suggestion rules automatically (none by default).
    public init(autoApply: Set<MatchRule> = []) {
        self.autoApply = autoApply
    }

    /// What one matching pass concluded.
    public struct Result: Sendable {
        /// Money placed on invoices by payments.
        public var allocations: [Allocation] = []
        /// Credit notes placed on invoices (`paymentId` is the credit note's id).
        public var creditAllocations: [Allocation] = []
        /// Allocations of earlier runs that reversals undid.
        public var undone: [Allocation] = []
        /// What became of each payment, by its id.
        public var outcomes: [Int64: PaymentOutcome] = [:]
        /// The open items given, after the pass, in the order given.
        public var openItems: [OpenItem] = []
        /// The items the suggestion pass asked for (`suggestionItems`), after the pass.
        public var suggestionItems: [OpenItem] = []

        /// A result that places nothing.
        public init() {}
    }

    /// Runs one matching pass.
    /// - Parameters:
    ///   - openItems: The invoices with what they still owe (settled ones too, with `open` 0: a payment for them
    ///     is a likely duplicate). Changed in place when the caller hands it over (`consume`), else copied.
    ///   - credits: Credit notes with credit left, each naming the invoices it may reduce (found among `openItems`),
    ///     and the invoices reversals' originals paid are in `openItems` too.
    ///   - payments: Payments to place, in order.
    ///   - priorPayments: Payments of earlier runs still in effect, which reversals in `payments` may undo (those
    ///     no reversal in `payments` can name are passed over: see `ReversalTargets`).
    ///   - bookedCreditNotes: The reference keys and numbers of the booked credit notes that payments' credit-note
    ///     blocks name (a payment deducting a credit note not yet booked waits for it).
    ///   - suggestionItems: Asked once every payment is placed, if some are left unmatched: the open items their
    ///     suggestions ask for (`SuggestionLookups`) that the pass's items (its second argument) lack. A caller that
    ///     gave only the items its payments, credit notes and reversals name returns the others here: they are then
    ///     suggested as from a pass over every open item, and placed nothing (no payment named them); an
    ///     automatically applied suggestion may pay one. The result's `suggestionItems` has them.
    ///   - suggesting: Whether payments left unmatched get suggestions. A caller matching a big day a part at a time
    ///     asks for them only once every part is placed, when later parts can no longer pay what they would name.
    public func match(
        openItems: consuming [OpenItem], credits: [CreditToApply], payments: [PaymentToMatch], priorPayments: [PriorPayment],
        bookedCreditNotes: Set<String> = [], suggesting: Bool = true,
        suggestionItems: (SuggestionLookups, _ items: [OpenItem]) throws -> [OpenItem]
    ) rethrows -> Result {
        var state = MatchingState(
            items: consume openItems, reversalTargets: ReversalTargets(of: payments), prior: priorPayments,
            bookedCreditNotes: bookedCreditNotes)
        state.result.outcomes.reserveCapacity(payments.count)
        state.result.allocations.reserveCapacity(payments.count)
        for credit in credits { state.apply(credit) }
        for payment in payments { state.place(payment) }
        // A payment left waiting by what it found (two invoices open under its reference, its invoice in another
        // currency or settled; a reversal, its original not yet seen) is placed again, in order, while the pass's
        // later payments change that: one paying one invoice of two, a reversal reopening what a payment found paid
        // (after the credit notes naming it: never leave a reopened invoice owing while its customer's payment waits),
        // the original a reversal listed before it names (a statement may list debits first). The pass so concludes
        // what placing its payments again would: what the next pass over every waiting payment (`--rematch-all`)
        // concludes, and a pass over only what a day touches too.
        var waiting = payments.filter { state.mayPlaceAgain($0) }
        var changed: Bool
        repeat {
            if state.reopenedAny { for credit in credits { state.apply(credit) } }
            changed = false
            // One still waiting: a reversal placed again may have undone one later in the list.
            for payment in waiting where state.mayPlaceAgain(payment) {
                let before = state.result.outcomes[payment.id]
                state.place(payment)
                if state.result.outcomes[payment.id] != before { changed = true }
            }
            waiting.removeAll { !state.mayPlaceAgain($0) }
        } while changed && !waiting.isEmpty
        // Positions, not copies: on a big day the payments left unmatched are thousands.
        let positions = !suggesting ? []
            : payments.indices.filter { state.result.outcomes[payments[$0].id]?.status == .unmatched }
        let unmatched = positions.lazy.map { payments[$0] }
        if !unmatched.isEmpty {
            let more = try suggestionItems(SuggestionLookups(for: unmatched), state.items.given)
            state.add(more)
        }
        state.indexOpenAmounts(asked: unmatched)
        for payment in unmatched { state.suggest(for: payment, autoApply: autoApply) }
        if !state.undoneInThisPass.isEmpty {
            state.result.allocations.removeAll { state.undoneInThisPass.contains($0.paymentId) }
        }
        return state.conclude()
    }
}

extension MatchingEngine {
    /// Runs one matching pass over the items given, none added for suggestions (see the other `match`).
    public func match(
        openItems: consuming [OpenItem], credits: [CreditToApply], payments: [PaymentToMatch], priorPayments: [PriorPayment],
        bookedCreditNotes: Set<String> = []
    ) -> Result {
        match(openItems: openItems, credits: credits, payments: payments, priorPayments: priorPayments,
              bookedCreditNotes: bookedCreditNotes) { _, _ in [] }
    }

    /// What the suggestion pass asks of open items for payments left unmatched, beyond their own references: the
    /// invoice numbers in their messages, the keys a one-digit typo of their reference could have been, and their
    /// amounts. A caller that hands the engine only the items a day touches returns the items these name from `match`'s
    /// `suggestionItems` (any state for numbers and keys; open ones owing exactly an amount, at least one more than the
    /// payments asking it): the suggestions are then those a pass over every open item would make.
    public struct SuggestionLookups: Sendable, Equatable {
        public var invoiceNumbers: Set<String> = []
        /// The references of the payments, whose typo keys (`referenceKeys`) are asked.
        private var references: Set<StatedReference> = []
        /// How many of the payments ask each amount, per currency.
        public var amounts: [Currency: [Int64: Int]] = [:]

        /// What the suggestion pass asks for `payments`.
        public init(for payments: some Sequence<PaymentToMatch>) {
            for payment in payments {
                if let text = payment.remittanceText { invoiceNumbers.formUnion(invoiceNumberTokens(in: text).map(String.init)) }
                if let stated = payment.reference { references.insert(stated) }
                if let amount = payment.amount { amounts[payment.currency, default: [:]][amount, default: 0] += 1 }
            }
        }

        /// The keys a one-digit typo of the payments' references could have been, made as they are read (a big day's
        /// unmatched payments have some twenty each), a key twice where two references are a typo apart.
        public var referenceKeys: some Sequence<String> { references.lazy.flatMap { typoKeys(of: $0) } }
    }

    /// The words of a payment's message that may be an invoice number.
    public static func invoiceNumberTokens(in text: String) -> [Substring] {
        text.split { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" }
    }

    /// The matching keys of the valid Finnish references one changed digit, or two adjacent digits swapped, away from
    /// `stated` (none for an RF reference, or one of fewer than 4 or more than 25 digits).
    static func typoKeys(of stated: StatedReference) -> Set<String> {
        let digits = Array(stated.text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 })
        guard digits.count >= 4, digits.count <= 25, !stated.text.uppercased().hasPrefix("RF") else { return [] }
        var keys: Set<String> = []
        func consider(_ variant: [UInt8]) {
            // Nine in ten variants fail the check digit: they are never made into text and parsed.
            guard CreditorReference.endsInFinnishCheckDigit(variant),
                let reference = try? CreditorReference(parsing: String(decoding: variant, as: UTF8.self))
            else { return }
            keys.insert(reference.matchingKey)
        }
        for position in digits.indices {
            var variant = digits
            for digit in UInt8(0x30)...0x39 where digit != digits[position] {
                variant[position] = digit
                consider(variant)
            }
            if position + 1 < digits.count && digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                consider(swapped)
            }
        }
        return keys
    }
}

/// The working state of one pass.
private struct MatchingState {
    var items: ItemStore
    var result = MatchingEngine.Result()
    /// Open-item indices by reference key, oldest due date first.
    private var byKey: [String: ItemIndices] = [:]
    private var byNumber: [String: Int] = [:]
    /// The other items of a number `byNumber` finds one of (two sellers' invoices): empty unless numbers repeat.
    private var alsoNumbered: [String: [Int]] = [:]
    /// What the reversals of this pass can name: only payments that one of them can name are remembered.
    private let reversalTargets: ReversalTargets
    /// Payments a reversal may undo (earlier runs' and this run's matched ones), by account, reference and
    /// amount, latest last.
    private var reversible: [PriorPayment] = []
    private var reversibleByKey: [ReversalKey: [Int]] = [:]
    /// The same payments by account and archive id, for reversals that name their original.
    private var reversibleByArchiveId: [ArchiveKey: Int] = [:]
    private var reversed: Set<Int64> = []
    /// Whether a reversal of this pass reopened an invoice (credit notes then apply to it again).
    private(set) var reopenedAny = false
    /// What each credit note has left to credit, by its id, once it has been applied in this pass.
    private var creditRemaining: [Int64: Int64] = [:]
    private let bookedCreditNotes: Set<String>
    /// Payments of this pass that a later reversal undid: their allocations are dropped at the end.
    var undoneInThisPass: Set<Int64> = []
    /// Open-item indices by what they owe, for the suggestion pass (after every payment is placed): only for the
    /// amounts of the payments left unmatched, the only amounts a suggestion asks for.
    private var byOpenAmount: [Int64: [Int]] = [:]
    private var askedAmounts: Set<Int64> = []

    init(
        items: consuming [OpenItem], reversalTargets: ReversalTargets, prior: [PriorPayment], bookedCreditNotes: Set<String>
    ) {
        self.items = ItemStore(given: items)
        self.reversalTargets = reversalTargets
        self.bookedCreditNotes = bookedCreditNotes
        byKey.reserveCapacity(self.items.count)
        byNumber.reserveCapacity(self.items.count)
        index(from: 0)
        for payment in prior { remember(payment) }
    }

    /// Adds items for the suggestion pass (see `MatchingEngine.match`).
    mutating func add(_ more: [OpenItem]) {
        guard !more.isEmpty else { return }
        let first = items.count
        items.added += more
        index(from: first)
    }

    /// The result, with the items after the pass.
    consuming func conclude() -> MatchingEngine.Result {
        result.openItems = items.given
        result.suggestionItems = items.added
        return result
    }

    /// Indexes the items from `first` on by key and number, keeping each key's items oldest due date first. Of items with
    /// one number (two sellers' invoices), the later given is found by it, and an added one only over a lower id: what
    /// one pass over all of them in id order finds.
    private mutating func index(from first: Int) {
        var shared: Set<String> = []
        for index in items.indices[first...] {
            let item = items[index]
            if let key = item.referenceKey, byKey[key, default: ItemIndices()].append(index) > 1 { shared.insert(key) }
            if let found = byNumber[item.invoiceNumber] {
                if first > 0, items[found].id > item.id {
                    alsoNumbered[item.invoiceNumber, default: []].append(index)
                    continue
                }
                alsoNumbered[item.invoiceNumber, default: []].append(found)
            }
            byNumber[item.invoiceNumber] = index
        }
        for key in shared {
            byKey[key] = ItemIndices(byKey[key]!.sorted { [items] in
                (items[$0].dueDate ?? .distantFuture, items[$0].invoiceNumber)
                    < (items[$1].dueDate ?? .distantFuture, items[$1].invoiceNumber)
            })
        }
    }

    // MARK: Credit notes

    /// Applies what is left of a credit note to its invoice; what its invoice does not owe stays (the customer's
    /// credit, or a credit note waiting for its invoice) and is read again on the next pass.
    mutating func apply(_ credit: CreditToApply) {
        var remaining = creditRemaining[credit.id] ?? credit.amount
        for index in targets(of: credit) where remaining > 0 && items[index].open > 0 {
            let applied = min(remaining, items[index].open)
            items[index].open -= applied
            remaining -= applied
            result.creditAllocations.append(
                Allocation(paymentId: credit.id, item: items[index], amount: applied, rule: .creditNote))
        }
        creditRemaining[credit.id] = remaining
    }

    /// The items a credit note reduces, of those its caller names: its original invoice, else those under its key
    /// (oldest due date first).
    private func targets(of credit: CreditToApply) -> ItemIndices {
        if let number = credit.originalInvoiceNumber {
            let original = credit.invoiceIds.compactMap { index(of: $0, numbered: number) }
            if !original.isEmpty { return ItemIndices(original) }
        }
        let underKey = credit.referenceKey.flatMap { byKey[$0] } ?? ItemIndices()
        return ItemIndices(underKey.filter { credit.invoiceIds.contains(items[$0].id) })
    }

    /// The index of the item `id`, numbered `number`.
    private func index(of id: Int64, numbered number: String) -> Int? {
        if let index = byNumber[number], items[index].id == id { return index }
        return alsoNumbered[number]?.first { items[$0].id == id }
    }

    // MARK: Payments

    mutating func place(_ entry: PaymentToMatch) {
        guard entry.isBooked else {
            // No money on the account: a pending entry waits to be booked, an informational one never is.
            record(entry.id, entry.isPending ? .pending : .ignored, reason: nil, unapplied: 0)
            return
        }
        if entry.isReversal {
            // Only a debit takes a receipt back; a reversing credit (a debit undone) never undoes a receipt.
            guard entry.direction == .debit, let amount = entry.amount else {
                record(entry.id, .unmatched, reason: .reversalUnmatched, unapplied: 0)
                return
            }
            reverse(entry, amount: amount)
            return
        }
        guard !entry.isReturned else {
            record(entry.id, .ignored, reason: nil, unapplied: 0)
            return
        }
        guard let amount = entry.amount else {
            record(entry.id, .unmatched, reason: .ambiguous, unapplied: 0)
            return
        }
        guard entry.direction == .credit else {
            record(entry.id, .unmatched, reason: .debit, unapplied: amount)
            return
        }
        guard amount > 0 else {
            record(entry.id, .unmatched, reason: .zeroAmount, unapplied: 0)
            return
        }
        let targets: [Target]
        let rule: MatchRule
        if !entry.parts.isEmpty {
            // A block deducting a credit note not yet booked: the payment waits for it, so that its money is not
            // spread onto other invoices meanwhile.
            for part in entry.parts where part.isCreditNote {
                guard [part.referenceKey, part.documentNumber].contains(where: { $0.map(bookedCreditNotes.contains) ?? false })
                else {
                    record(entry.id, .unmatched, reason: .unknownReference, unapplied: amount)
                    remember(entry, amount: amount, allocations: [])
                    return
                }
            }
            targets = partTargets(entry.parts, amount: amount, currency: entry.currency)
            rule = .part
        } else {
            switch entry.reference {
            case nil:
                record(entry.id, .unmatched, reason: .noReference, unapplied: amount)
                remember(entry, amount: amount, allocations: [])
                return
            case .invalid:
                record(entry.id, .unmatched, reason: .invalidReference, unapplied: amount)
                remember(entry, amount: amount, allocations: [])
                return
            case .valid(let reference):
                targets = [Target(key: reference.matchingKey, cap: amount)]
                rule = .reference
            }
        }
        // Which open items each target pays, decided before anything is applied.
        var knownTarget = false
        var currencyMismatch = false
        var chosen: [(indices: [Int], cap: Int64?)] = []
        for target in targets {
            guard let indices = byKey[target.key] else { continue }
            knownTarget = true
            let owing = owing(indices)
            let payable = owing.filter { items[$0].currency == entry.currency }
            if payable.isEmpty && !owing.isEmpty { currencyMismatch = true }
            let principalOwed = payable.filter { items[$0].open > 0 }
            guard principalOwed.count > 1 else {
                chosen.append((payable, target.cap))
                continue
            }
            // Several open invoices under one reference: only the one owing exactly the amount is certain.
            let exact = principalOwed.filter { items[$0].open == target.cap ?? amount }
            guard exact.count == 1 else {
                record(entry.id, .unmatched, reason: .ambiguous, unapplied: amount)
                remember(entry, amount: amount, allocations: [])
                return
            }
            chosen.append((exact, target.cap))
        }
        var remaining = amount
        var allocations: [Allocation] = []
        for (indices, stated) in chosen {
            var cap = min(stated ?? remaining, remaining)
            for index in indices where cap > 0 && items[index].open > 0 {
                let applied = min(cap, items[index].open)
                items[index].open -= applied
                cap -= applied
                remaining -= applied
                allocations.append(Allocation(paymentId: entry.id, item: items[index], amount: applied, rule: rule))
            }
        }
        // What is left pays the invoices' interest, fees and compensation (docs/ledger.md: principal first, in the
        // debtor's favour); only what exceeds them too is an overpayment.
        for (indices, _) in chosen {
            for index in indices where remaining > 0 && items[index].charges > 0 {
                let applied = min(remaining, items[index].charges)
                items[index].charges -= applied
                remaining -= applied
                allocations.append(Allocation(paymentId: entry.id, item: items[index], amount: applied, rule: rule, paysCharges: true))
            }
        }
        result.allocations += allocations
        if allocations.isEmpty {
            let reason: UnappliedReason = currencyMismatch ? .currency : (knownTarget ? .invoiceSettled : .unknownReference)
            record(entry.id, .unmatched, reason: reason, unapplied: amount)
        } else {
            record(entry.id, .matched, reason: remaining > 0 ? .overpayment : nil, unapplied: remaining)
        }
        remember(entry, amount: amount, allocations: allocations)
    }

    /// The invoices a payment's blocks pay, with what each block remits. Blocks that state no amount, whose
    /// invoices' open amounts (with the amounts the other blocks state) add up to the payment, pay their invoices
    /// in full; otherwise they take what is left, in order.
    private func partTargets(_ parts: [PaymentToMatch.Part], amount: Int64, currency: Currency) -> [Target] {
        let targets = parts.compactMap { part in part.isCreditNote ? nil : part.referenceKey.map { Target(key: $0, cap: part.amount) } }
        guard targets.contains(where: { $0.cap == nil }) else { return targets }
        func owed(_ key: String) -> Int64 {
            owing(byKey[key] ?? ItemIndices()).reduce(0) { sum, index in
                items[index].currency == currency && items[index].open > 0 ? sum + items[index].open : sum
            }
        }
        let total = targets.reduce(Int64(0)) { $0 + ($1.cap ?? owed($1.key)) }
        guard total == amount else { return targets }
        return targets.map { Target(key: $0.key, cap: $0.cap ?? owed($0.key)) }
    }

    /// Of the items under a key, those a payment under it may pay: those that owe principal or charges, and of them
    /// only the creditor's own when any of its own owes (the money came to the creditor's account; another seller's
    /// invoice under the same reference is not what it paid).
    private func owing(_ indices: ItemIndices) -> [Int] {
        let owing = indices.filter { items[$0].open > 0 || items[$0].charges > 0 }
        guard owing.contains(where: { items[$0].isAnotherSellers }) else { return owing }
        let own = owing.filter { !items[$0].isAnotherSellers }
        return own.isEmpty ? owing : own
    }

    /// Remembers a payment of this pass, placed or not, for a later reversal of the pass to name.
    private mutating func remember(_ entry: PaymentToMatch, amount: Int64, allocations: [Allocation]) {
        remember(PriorPayment(
            id: entry.id, archiveId: entry.archiveId, account: entry.account,
            referenceKey: entry.reference?.matchingKey,
            amount: amount, bookingDate: entry.bookingDate, allocations: allocations))
    }

    private mutating func remember(_ payment: PriorPayment) {
        guard reversalTargets.mayName(payment) else { return }
        reversibleByKey[ReversalKey(payment.account, payment.referenceKey, payment.amount), default: []].append(reversible.count)
        reversibleByArchiveId[ArchiveKey(account: payment.account, archiveId: payment.archiveId)] = reversible.count
        reversible.append(payment)
    }

    /// Undoes the original of a reversal: the payment with the archive id the reversal carries, where the bank
    /// gives it; else the latest with the same account, reference and amount, whatever became of it (matched,
    /// unmatched, a duplicate, refunded or ignored by a decision). Never one already reversed. A reversal of
    /// another amount than the payment its archive id names (the bank took back a part) undoes nothing: a payment
    /// is never split, so it waits for the accountant (`partial_reversal`) and the invoice is not reopened whole.
    private mutating func reverse(_ entry: PaymentToMatch, amount: Int64) {
        var candidates: [Int] = []
        if let named = reversibleByArchiveId[ArchiveKey(account: entry.account, archiveId: entry.archiveId)],
            !reversed.contains(reversible[named].id)
        {
            guard reversible[named].amount == amount else {
                record(entry.id, .unmatched, reason: .partialReversal, unapplied: 0)
                return
            }
            candidates.append(named)
        }
        if let key = entry.reference?.matchingKey {
            candidates += (reversibleByKey[ReversalKey(entry.account, key, amount)] ?? []).reversed()
        }
        // Never a payment booked after the reversal (one of an earlier run the ledger hands over, whatever reversal
        // of the pass it was read for).
        let booked = { (original: PriorPayment) in
            guard let day = original.bookingDate, let reversalDay = entry.bookingDate else { return true }
            return day <= reversalDay
        }
        guard let position = candidates.first(where: { !reversed.contains(reversible[$0].id) && booked(reversible[$0]) }) else {
            record(entry.id, .unmatched, reason: .reversalUnmatched, unapplied: 0)
            return
        }
        let original = reversible[position]
        reversed.insert(original.id)
        for allocation in original.allocations {
            if let index = index(of: allocation.invoiceId, numbered: allocation.invoiceNumber) {
                if allocation.paysCharges { items[index].charges += allocation.amount } else { items[index].open += allocation.amount }
            }
            reopenedAny = true
        }
        if result.outcomes[original.id] != nil {
            undoneInThisPass.insert(original.id)
        } else {
            result.undone += original.allocations
        }
        result.outcomes[original.id] = PaymentOutcome(status: .reversed, reason: nil, unapplied: 0)
        var outcome = PaymentOutcome(status: .reversal, reason: nil, unapplied: 0)
        outcome.reverses = original.id
        result.outcomes[entry.id] = outcome
    }

    /// Whether `entry` waits for a reason that later payments of the pass may take away (see `match`).
    func mayPlaceAgain(_ entry: PaymentToMatch) -> Bool {
        guard let outcome = result.outcomes[entry.id], outcome.status == .unmatched else { return false }
        switch outcome.reason {
        case .ambiguous, .currency, .invoiceSettled, .reversalUnmatched: return true
        default: return false
        }
    }

    private mutating func record(_ id: Int64, _ status: PaymentStatus, reason: UnappliedReason?, unapplied: Int64) {
        result.outcomes[id] = PaymentOutcome(status: status, reason: reason, unapplied: unapplied)
    }

    // MARK: Suggestions

    mutating func indexOpenAmounts(asked payments: some Sequence<PaymentToMatch>) {
        askedAmounts = Set(payments.compactMap(\.amount))
        for index in items.indices where items[index].open > 0 && askedAmounts.contains(items[index].open) {
            byOpenAmount[items[index].open, default: []].append(index)
        }
    }

    mutating func suggest(for entry: PaymentToMatch, autoApply: Set<MatchRule>) {
        guard var outcome = result.outcomes[entry.id], let amount = entry.amount else { return }
        guard let (suggestion, index) = invoiceNumberInText(entry, amount: amount)
            ?? referenceTypo(entry, amount: amount) ?? amountAndName(entry, amount: amount)
        else { return }
        outcome.suggestion = suggestion
        if autoApply.contains(suggestion.rule), items[index].open > 0, items[index].currency == entry.currency {
            let applied = min(amount, items[index].open)
            byOpenAmount[items[index].open]?.removeAll { $0 == index }
            items[index].open -= applied
            if items[index].open > 0 && askedAmounts.contains(items[index].open) {
                byOpenAmount[items[index].open, default: []].append(index)
            }
            result.allocations.append(
                Allocation(paymentId: entry.id, item: items[index], amount: applied, rule: suggestion.rule))
            outcome.status = .matched
            outcome.unapplied = amount - applied
            outcome.reason = outcome.unapplied > 0 ? .overpayment : nil
        }
        result.outcomes[entry.id] = outcome
    }

    /// The first word of the message that is the number of an open invoice, the only open one of that number (two
    /// sellers' invoices may share one). Suggestions never name another seller's invoice: the money came to the
    /// creditor's account.
    private func invoiceNumberInText(_ payment: PaymentToMatch, amount: Int64) -> (Suggestion, index: Int)? {
        guard let text = payment.remittanceText else { return nil }
        for token in MatchingEngine.invoiceNumberTokens(in: text) {
            guard let index = onlyOpen(numbered: String(token)) else { continue }
            return (Suggestion(
                invoiceNumber: items[index].invoiceNumber, rule: .invoiceNumberInText,
                confidence: items[index].open == amount ? 0.9 : 0.6), index)
        }
        return nil
    }

    /// The item numbered `number` that is open, if only one is (of the creditor's own).
    private func onlyOpen(numbered number: String) -> Int? {
        guard let found = byNumber[number] else { return nil }
        guard let others = alsoNumbered[number] else { return isSuggestible(found) ? found : nil }
        let open = ([found] + others).filter(isSuggestible)
        return open.count == 1 ? open[0] : nil
    }

    /// Whether a suggestion may name the item: open, and not another seller's.
    private func isSuggestible(_ index: Int) -> Bool { items[index].open > 0 && !items[index].isAnotherSellers }

    /// One digit changed, or two adjacent digits swapped, that makes a valid reference of exactly one open invoice
    /// owing exactly this amount.
    private func referenceTypo(_ payment: PaymentToMatch, amount: Int64) -> (Suggestion, index: Int)? {
        guard let stated = payment.reference else { return nil }
        var candidates: Set<Int> = []
        for key in MatchingEngine.typoKeys(of: stated) {
            guard let indices = byKey[key] else { continue }
            for index in indices where items[index].open == amount && isSuggestible(index) { candidates.insert(index) }
        }
        guard candidates.count == 1, let index = candidates.first else { return nil }
        return (Suggestion(invoiceNumber: items[index].invoiceNumber, rule: .referenceTypo, confidence: 0.8), index)
    }

    /// The only open invoice owing exactly this amount, if its customer's name shares a word with the payer's.
    private func amountAndName(_ payment: PaymentToMatch, amount: Int64) -> (Suggestion, index: Int)? {
        guard let payer = payment.payerName else { return nil }
        let payerWords = Self.nameWords(payer)
        guard !payerWords.isEmpty else { return nil }
        let sameAmount = (byOpenAmount[amount] ?? []).filter {
            items[$0].currency == payment.currency && isSuggestible($0)
        }
        guard sameAmount.count == 1, let name = items[sameAmount[0]].customerName,
            !payerWords.isDisjoint(with: Self.nameWords(name))
        else { return nil }
        return (Suggestion(invoiceNumber: items[sameAmount[0]].invoiceNumber, rule: .amountAndName, confidence: 0.5),
                sameAmount[0])
    }

    /// The distinctive words of a name: lower case, three letters or more, without company forms.
    private static func nameWords(_ name: String) -> Set<String> {
        let forms: Set<String> = ["oy", "oyj", "ab", "ky", "tmi", "ay", "ltd", "gmbh"]
        return Set(name.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 && !forms.contains($0) })
    }
}

/// What the reversals among a pass's payments can name: their archive ids (a bank may give a reversal its
/// original's), and their accounts, reference keys and amounts. A matched payment that none of them can name
/// cannot be undone in the pass, so neither the ledger nor the engine needs to keep it.
public struct ReversalTargets: Sendable {
    private var archiveKeys: Set<ArchiveKey> = []
    private var reversalKeys: Set<ReversalKey> = []
    /// The amounts in `reversalKeys`: a cheap first test, as nearly every payment asked about has another amount.
    private var amounts: Set<Int64> = []

    /// What the reversals among `payments` can name.
    public init(of payments: [PaymentToMatch]) {
        for payment in payments where payment.isReversal {
            archiveKeys.insert(ArchiveKey(account: payment.account, archiveId: payment.archiveId))
            if let key = payment.reference?.matchingKey, let amount = payment.amount {
                reversalKeys.insert(ReversalKey(payment.account, key, amount))
                amounts.insert(amount)
            }
        }
    }

    /// Whether there is no reversal among the payments, so that nothing can be named.
    public var isEmpty: Bool { archiveKeys.isEmpty }

    /// Whether one of the reversals can name this matched payment as its original.
    public func mayName(_ payment: PriorPayment) -> Bool {
        archiveKeys.contains(ArchiveKey(account: payment.account, archiveId: payment.archiveId))
            || amounts.contains(payment.amount)
                && reversalKeys.contains(ReversalKey(payment.account, payment.referenceKey, payment.amount))
    }
}

/// A pass's items: those given, then those added for the suggestion pass, apart so that adding a few does not copy a
/// big day's array.
private struct ItemStore {
    var given: [OpenItem]
    var added: [OpenItem] = []

    var count: Int { given.count + added.count }
    var indices: Range<Int> { 0..<count }

    subscript(index: Int) -> OpenItem {
        get { index < given.count ? given[index] : added[index - given.count] }
        _modify {
            if index < given.count { yield &given[index] } else { yield &added[index - given.count] }
        }
    }
}

/// The open items under one reference key, oldest due date first: nearly always one, kept without an array.
private struct ItemIndices: Sequence {
    private var first: Int?
    private var rest: [Int] = []

    init() {}
    init(_ index: Int) { first = index }
    init(_ indices: [Int]) {
        first = indices.first
        rest = Array(indices.dropFirst())
    }

    var count: Int { first == nil ? 0 : 1 + rest.count }

    /// Appends an index and says how many there are now.
    mutating func append(_ index: Int) -> Int {
        if first == nil { first = index } else { rest.append(index) }
        return count
    }

    func makeIterator() -> Iterator { Iterator(indices: self) }

    struct Iterator: IteratorProtocol {
        let indices: ItemIndices
        var position = 0

        mutating func next() -> Int? {
            defer { position += 1 }
            if position == 0 { return indices.first }
            return position <= indices.rest.count ? indices.rest[position - 1] : nil
        }
    }
}

/// An invoice reference a payment names, with what it remits there (nil: not stated).
private struct Target {
    let key: String
    let cap: Int64?
}

/// What a reversal is matched to its original by: the account, the reference and the amount.
private struct ReversalKey: Hashable {
    let account: String?
    let referenceKey: String?
    let amount: Int64

    init(_ account: String?, _ referenceKey: String?, _ amount: Int64) {
        self.account = account
        self.referenceKey = referenceKey
        self.amount = amount
    }
}

/// A payment's account and archive id, by which a reversal may name its original.
private struct ArchiveKey: Hashable {
    let account: String?
    let archiveId: String
}

extension LocalDate {
    /// A date after every real one, to sort items without a due date last.
    static let distantFuture = LocalDate(year: 9999, month: 12, day: 31)!
}
