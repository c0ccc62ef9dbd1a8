"""Benefits (补贴津贴): programmes, eligibility, applications, monthly payment runs, the ledger."""
