import Foundation

/// Small camt.054, camt.053 and Finvoice files written by hand for the multi-day tests: each field a test needs,
/// nothing else. (The generated days of `saatava gen` cover volume; these cover one rule each.)
enum HandMade {
    static let account = "FI2112345600000785"

    /// One camt transaction (`TxDtls`).
    struct Transaction {
        var archiveId: String?
        var amount: String
        var reference: String?
        /// Structured blocks for a payment of several documents: reference (or credit note number), amount, type.
        var parts: [(reference: String?, number: String?, amount: String?, type: String)] = []
        var payer = "Virtanen Oy"
    }

    /// One camt entry (`Ntry`): a batch of transactions, or one.
    struct Entry {
        var archiveId: String
        var status = "BOOK"
        var direction = "CRDT"
        var reversal = false
        var bookingDate: String
        var transactions: [Transaction]
    }

    /// A camt.054.001.02 notification, or with `statement`, a camt.053.001.02 statement, of the entries.
    static func camt(_ entries: [Entry], messageId: String, statement: Bool = false) -> String {
        let (root, report) = statement ? ("BkToCstmrStmt", "Stmt") : ("BkToCstmrDbtCdtNtfctn", "Ntfctn")
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.05\(statement ? "3" : "4").001.02">
            <\(root)><GrpHdr><MsgId>\(messageId)</MsgId><CreDtTm>2026-11-27T06:00:00+02:00</CreDtTm></GrpHdr>
            <\(report)><Id>\(messageId)-1</Id><CreDtTm>2026-11-27T06:00:00+02:00</CreDtTm>
            <Acct><Id><IBAN>\(account)</IBAN></Id><Ccy>EUR</Ccy></Acct>

            """
        for entry in entries {
            let total = entry.transactions.reduce(Decimal(0)) { $0 + Decimal(string: $1.amount)! }
            text += "<Ntry><Amt Ccy=\"EUR\">\(total)</Amt><CdtDbtInd>\(entry.direction)</CdtDbtInd>"
                + (entry.reversal ? "<RvslInd>true</RvslInd>" : "")
                + "<Sts>\(entry.status)</Sts><BookgDt><Dt>\(entry.bookingDate)</Dt></BookgDt><ValDt><Dt>\(entry.bookingDate)</Dt></ValDt>"
                + "<AcctSvcrRef>\(entry.archiveId)</AcctSvcrRef><BkTxCd/><NtryDtls>"
                + (entry.transactions.count > 1 ? "<Btch><NbOfTxs>\(entry.transactions.count)</NbOfTxs></Btch>" : "")
            for transaction in entry.transactions {
                text += "<TxDtls>" + (transaction.archiveId.map { "<Refs><AcctSvcrRef>\($0)</AcctSvcrRef></Refs>" } ?? "")
                    + "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">\(transaction.amount)</Amt></TxAmt></AmtDtls>"
                    + "<RltdPties><Dbtr><Nm>\(transaction.payer)</Nm></Dbtr></RltdPties><RmtInf>"
                if transaction.parts.isEmpty, let reference = transaction.reference {
                    text += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>\(reference)</Ref></CdtrRefInf></Strd>"
                }
                for part in transaction.parts {
                    text += "<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>\(part.type)</Cd></CdOrPrtry></Tp>"
                        + (part.number.map { "<Nb>\($0)</Nb>" } ?? "") + "</RfrdDocInf>"
                        + (part.amount.map { amount in
                            part.type == "CREN" ? "<RfrdDocAmt><CdtNoteAmt Ccy=\"EUR\">\(amount)</CdtNoteAmt></RfrdDocAmt>"
                                : "<RfrdDocAmt><RmtdAmt Ccy=\"EUR\">\(amount)</RmtdAmt></RfrdDocAmt>"
                        } ?? "")
                        + (part.reference.map {
                            "<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>\($0)</Ref></CdtrRefInf>"
                        } ?? "") + "</Strd>"
                }
                text += "</RmtInf></TxDtls>"
            }
            text += "</NtryDtls></Ntry>\n"
        }
        return text + "</\(report)></\(root)></Document>\n"
    }

    /// A camt.053 statement of one account whose entries each sum up a batch without listing it (`Btch/NbOfTxs`,
    /// no transaction details), as a statement shows a day's reference payments: archive id, amount and count.
    static func statementOfBatches(
        account: String, day: String, _ batches: [(archiveId: String, amount: String, count: Int)]
    ) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
        <BkToCstmrStmt><GrpHdr><MsgId>S-\(day)</MsgId><CreDtTm>2026-11-27T06:00:00+02:00</CreDtTm></GrpHdr>
        <Stmt><Id>S-\(day)-1</Id><CreDtTm>2026-11-27T06:00:00+02:00</CreDtTm>
        <Acct><Id><IBAN>\(account)</IBAN></Id><Ccy>EUR</Ccy></Acct>

        """ + batches.map { batch in
            "<Ntry><Amt Ccy=\"EUR\">\(batch.amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                + "<BookgDt><Dt>\(day)</Dt></BookgDt><ValDt><Dt>\(day)</Dt></ValDt>"
                + "<AcctSvcrRef>\(batch.archiveId)</AcctSvcrRef><BkTxCd/>"
                + "<NtryDtls><Btch><NbOfTxs>\(batch.count)</NbOfTxs></Btch></NtryDtls></Ntry>\n"
        }.joined() + "</Stmt></BkToCstmrStmt></Document>\n"
    }

    /// A Finvoice 3.0 message: an invoice (`INV01`), credit note (`INV02`, negative amount), reminder (`INV08`), …
    static func finvoice(
        _ number: String, amount: String, reference: String, type: String = "INV01", date: String = "2026-11-02",
        due: String = "2026-11-16", original: String? = nil, buyer: String = "Virtanen Oy", buyerId: String? = "1234567-1",
        street: String = "Asiakastie 1", postCode: String = "00100",
        eInvoice: (address: String, operator: String)? = nil, seller: String = "7654321-2"
    ) -> String {
        func compact(_ day: String) -> String { day.filter(\.isNumber) }
        let comma = amount.replacingOccurrences(of: ".", with: ",")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Finvoice Version="3.0">
            \(eInvoice.map { "<MessageTransmissionDetails><MessageSenderDetails><FromIdentifier>003776543212</FromIdentifier><FromIntermediator>NDEAFIHH</FromIntermediator></MessageSenderDetails><MessageReceiverDetails><ToIdentifier>\($0.address)</ToIdentifier><ToIntermediator>\($0.operator)</ToIntermediator></MessageReceiverDetails><MessageDetails><MessageIdentifier>M-\(number)</MessageIdentifier><MessageTimeStamp>2026-03-02T06:00:00</MessageTimeStamp></MessageDetails></MessageTransmissionDetails>" } ?? "")
            <SellerPartyDetails><SellerPartyIdentifier>\(seller)</SellerPartyIdentifier><SellerOrganisationName>Myyjä Oy</SellerOrganisationName></SellerPartyDetails>
            <BuyerPartyDetails>\(buyerId.map { "<BuyerPartyIdentifier>\($0)</BuyerPartyIdentifier>" } ?? "")<BuyerOrganisationName>\(buyer)</BuyerOrganisationName>
            <BuyerPostalAddressDetails><BuyerStreetName>\(street)</BuyerStreetName><BuyerTownName>Helsinki</BuyerTownName><BuyerPostCodeIdentifier>\(postCode)</BuyerPostCodeIdentifier><CountryCode>FI</CountryCode></BuyerPostalAddressDetails></BuyerPartyDetails>
            <InvoiceDetails><InvoiceTypeCode>\(type)</InvoiceTypeCode><InvoiceNumber>\(number)</InvoiceNumber>
            <InvoiceDate Format="CCYYMMDD">\(compact(date))</InvoiceDate>\(original.map { "<OriginalInvoiceNumber>\($0)</OriginalInvoiceNumber>" } ?? "")
            <InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">\(comma)</InvoiceTotalVatIncludedAmount>
            <PaymentTermsDetails><InvoiceDueDate Format="CCYYMMDD">\(compact(due))</InvoiceDueDate></PaymentTermsDetails></InvoiceDetails>
            <EpiDetails><EpiPaymentInstructionDetails><EpiRemittanceInfoIdentifier IdentificationSchemeName="SPY">\(reference)</EpiRemittanceInfoIdentifier>
            <EpiInstructedAmount AmountCurrencyIdentifier="EUR">\(comma)</EpiInstructedAmount></EpiPaymentInstructionDetails></EpiDetails>
            </Finvoice>

            """
    }

    /// A KTL reference-payment file (one batch) of records: archive id, reference, cents, whether a correction
    /// (a reversal), and the type-5 feedback code for a failed direct debit.
    static func ktl(day: String, _ records: [(archiveId: String, reference: String, cents: Int, correction: Bool, feedback: String?)]) -> String {
        func record(_ text: String) -> String { text + String(repeating: " ", count: 90 - text.count) }
        let date = String(day.filter(\.isNumber).dropFirst(2))
        var lines = [record("0\(date)1200 2123456789" + "1")]
        for payment in records {
            let archive = payment.archiveId.padding(toLength: 16, withPad: " ", startingAt: 0)
            let reference = String(repeating: "0", count: 20 - payment.reference.count) + payment.reference
            lines.append(record("\(payment.feedback == nil ? "3" : "5")29501800000022\(date)\(date)\(archive)\(reference)"
                + "VIRTANEN OY 1A\(String(format: "%010d", payment.cents))\(payment.correction ? "1" : "0")A\(payment.feedback ?? "0")"))
        }
        let plain = records.filter { !$0.correction && $0.feedback == nil }
        let corrections = records.filter(\.correction)
        let failed = records.filter { $0.feedback != nil }
        func sum(_ list: [(archiveId: String, reference: String, cents: Int, correction: Bool, feedback: String?)]) -> Int {
            list.reduce(0) { $0 + $1.cents }
        }
        lines.append(record("9" + String(format: "%06d%011d%06d%011d%06d%011d", plain.count, sum(plain), corrections.count,
                                         sum(corrections), failed.count, sum(failed))))
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
