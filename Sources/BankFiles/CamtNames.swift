import XMLStreaming

/// The camt element names saatava reads, interned in one reader for one namespace (one camt version). A class:
/// the parser's helpers each take the names, and a reference is cheaper to pass on than 67 of them.
final class CamtNames {
    let notification, notificationV01, statement, statementV01, groupHeader, messageId, report, reportStatement: XMLName
    let account, id, iban, other, currency, transactionsSummary, totalEntries, totalCreditEntries, totalDebitEntries: XMLName
    let numberOfEntries, sum, totalNetEntryAmount, creditDebitIndicator, entry, amount, reversalIndicator, status: XMLName
    let code, proprietary, bookingDate, valueDate, date, dateTime, accountServicerReference, entryDetails, batch: XMLName
    let numberOfTransactions, totalAmount, transactionDetails, references, endToEndId, amountDetails: XMLName
    let transactionAmount, instructedAmount, relatedParties, debtor, ultimateDebtor, party, name, remittance: XMLName
    let unstructured, structured, creditorReference, reference, referredDocument, referredDocumentAmount, type: XMLName
    let codeOrProprietary, number, remittedAmount, creditNoteAmount, duePayableAmount, relatedDates: XMLName
    let acceptanceDateTime, returnInformation, reason, charges, totalChargesAndTax, record: XMLName

    init(reader: borrowing XMLReader, namespace: String) {
        func intern(_ local: String) -> XMLName { reader.intern(local, namespace: namespace) }
        notification = intern("BkToCstmrDbtCdtNtfctn")
        notificationV01 = intern("BkToCstmrDbtCdtNtfctnV01")
        statement = intern("BkToCstmrStmt")
        statementV01 = intern("BkToCstmrStmtV01")
        groupHeader = intern("GrpHdr")
        messageId = intern("MsgId")
        report = intern("Ntfctn")
        reportStatement = intern("Stmt")
        account = intern("Acct")
        id = intern("Id")
        iban = intern("IBAN")
        other = intern("Othr")
        currency = intern("Ccy")
        transactionsSummary = intern("TxsSummry")
        totalEntries = intern("TtlNtries")
        totalCreditEntries = intern("TtlCdtNtries")
        totalDebitEntries = intern("TtlDbtNtries")
        numberOfEntries = intern("NbOfNtries")
        sum = intern("Sum")
        totalNetEntryAmount = intern("TtlNetNtryAmt")
        creditDebitIndicator = intern("CdtDbtInd")
        entry = intern("Ntry")
        amount = intern("Amt")
        reversalIndicator = intern("RvslInd")
        status = intern("Sts")
        code = intern("Cd")
        proprietary = intern("Prtry")
        bookingDate = intern("BookgDt")
        valueDate = intern("ValDt")
        date = intern("Dt")
        dateTime = intern("DtTm")
        accountServicerReference = intern("AcctSvcrRef")
        entryDetails = intern("NtryDtls")
        batch = intern("Btch")
        numberOfTransactions = intern("NbOfTxs")
        totalAmount = intern("TtlAmt")
        transactionDetails = intern("TxDtls")
        references = intern("Refs")
        endToEndId = intern("EndToEndId")
        amountDetails = intern("AmtDtls")
        transactionAmount = intern("TxAmt")
        instructedAmount = intern("InstdAmt")
        relatedParties = intern("RltdPties")
        debtor = intern("Dbtr")
        ultimateDebtor = intern("UltmtDbtr")
        party = intern("Pty")
        name = intern("Nm")
        remittance = intern("RmtInf")
        unstructured = intern("Ustrd")
        structured = intern("Strd")
        creditorReference = intern("CdtrRefInf")
        reference = intern("Ref")
        referredDocument = intern("RfrdDocInf")
        referredDocumentAmount = intern("RfrdDocAmt")
        type = intern("Tp")
        codeOrProprietary = intern("CdOrPrtry")
        number = intern("Nb")
        remittedAmount = intern("RmtdAmt")
        creditNoteAmount = intern("CdtNoteAmt")
        duePayableAmount = intern("DuePyblAmt")
        relatedDates = intern("RltdDts")
        acceptanceDateTime = intern("AccptncDtTm")
        returnInformation = intern("RtrInf")
        reason = intern("Rsn")
        charges = intern("Chrgs")
        totalChargesAndTax = intern("TtlChrgsAndTaxAmt")
        record = intern("Rcrd")
    }
}
