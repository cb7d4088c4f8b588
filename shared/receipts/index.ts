export { buildReceipt, summariseTables, findProblems, STATUS_VI, type Receipt, type ReceiptInput, type ReceiptProblem, type TableSummary } from './build';
export { sendReceipt, composeReceipt, receiptHook, receiptMail, recipientsFor, type ReceiptDeps, type ReceiptSent } from './send';
