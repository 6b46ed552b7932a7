import Receivables

/// The camt.054 text of a planned day: one batched entry of the day's reference payments (Finnish style), one
/// entry per reversal. Versions 02, 04 (and 06), 08 (and 10, 12) differ as domain.md §1.4 describes.
enum Camt {
    static func write(_ plan: WorkloadPlan, version: String, to output: BufferedFile) {
        let isV04 = version != "02"
        let isV08 = Int(version).map { $0 >= 8 } ?? false
        let status = isV08 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>"
        let credits = plan.payments.filter { $0.direction == .credit }
        let total = credits.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        let day = plan.asOf.description
        output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.\(version)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>CAMT\(day.filter(\.isNumber))GEN</MsgId><CreDtTm>\(day)T06:00:00+02:00</CreDtTm></GrpHdr>
            <Ntfctn>
            <Id>CAMT\(day.filter(\.isNumber))GEN-1</Id><CreDtTm>\(day)T06:00:00+02:00</CreDtTm>
            <Acct><Id><IBAN>\(plan.account)</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><\(isV04 ? "BICFI" : "BIC")>NDEAFIHH</\(isV04 ? "BICFI" : "BIC")></FinInstnId></Svcr></Acct>
            <Ntry><NtryRef>1</NtryRef><Amt Ccy="EUR">\(WorkloadWriter.decimal(total))</Amt><CdtDbtInd>CRDT</CdtDbtInd>\(status)<BookgDt><Dt>\(day)</Dt></BookgDt><ValDt><Dt>\(day)</Dt></ValDt><AcctSvcrRef>\(day.filter(\.isNumber))REF0001</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn><Prtry><Cd>705</Cd><Issr>FFFS</Issr></Prtry></BkTxCd><NtryDtls><Btch><NbOfTxs>\(credits.count)</NbOfTxs><TtlAmt Ccy="EUR">\(WorkloadWriter.decimal(total))</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch>

            """)
        for payment in credits {
            output.write(transaction(payment, day: day, isV04: isV04, isV08: isV08))
        }
        output.write("</NtryDtls></Ntry>\n")
        for (index, payment) in plan.payments.enumerated() where payment.direction == .debit {
            output.write("""
                <Ntry><NtryRef>\(index + 2)</NtryRef><Amt Ccy="EUR">\(payment.amount.decimalString)</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>\(status)<BookgDt><Dt>\(day)</Dt></BookgDt><ValDt><Dt>\(day)</Dt></ValDt><AcctSvcrRef>\(payment.archiveId)E</AcctSvcrRef><NtryDtls>
                \(transaction(payment, day: day, isV04: isV04, isV08: isV08))</NtryDtls></Ntry>

                """)
        }
        output.write("</Ntfctn>\n</BkToCstmrDbtCdtNtfctn>\n</Document>\n")
    }

    private static func transaction(_ payment: WorkloadPlan.PlannedPayment, day: String, isV04: Bool, isV08: Bool) -> String {
        transaction(
            archiveId: payment.archiveId, amount: payment.amount, direction: payment.direction, payerName: payment.payerName,
            reference: payment.writtenReference, text: payment.remittanceText, day: day, isV04: isV04, isV08: isV08)
    }

    /// One `TxDtls`. Without `archiveId` it carries no `Refs/AcctSvcrRef` (as statements often leave it to the
    /// notification): a reader then derives the payment's archive id from its entry's.
    static func transaction(
        archiveId: String?, amount: Amount, direction: Payment.Direction, payerName: String, reference: String?,
        text: String?, day: String, isV04: Bool, isV08: Bool
    ) -> String {
        let amount = amount.decimalString
        let ownAmount = isV04 ? "<Amt Ccy=\"EUR\">\(amount)</Amt><CdtDbtInd>\(direction == .credit ? "CRDT" : "DBIT")</CdtDbtInd>" : ""
        let name = WorkloadWriter.escaped(payerName)
        let debtor = isV08 ? "<Dbtr><Pty><Nm>\(name)</Nm></Pty></Dbtr>" : "<Dbtr><Nm>\(name)</Nm></Dbtr>"
        var remittance = ""
        if let reference {
            let issuer = reference.uppercased().hasPrefix("RF") ? "<Issr>ISO</Issr>" : ""
            remittance += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>\(issuer)</Tp><Ref>\(reference)</Ref></CdtrRefInf></Strd>"
        }
        if let text { remittance += "<Ustrd>\(WorkloadWriter.escaped(text))</Ustrd>" }
        let archive = archiveId.map { "<AcctSvcrRef>\($0)</AcctSvcrRef>" } ?? ""
        return "<TxDtls><Refs>\(archive)<EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            + "\(ownAmount)<AmtDtls><TxAmt><Amt Ccy=\"EUR\">\(amount)</Amt></TxAmt></AmtDtls><RltdPties>\(debtor)</RltdPties>"
            + (remittance.isEmpty ? "" : "<RmtInf>\(remittance)</RmtInf>")
            + "<RltdDts><AccptncDtTm>\(day)T00:00:00</AccptncDtTm></RltdDts></TxDtls>\n"
    }
}
