"""Read the elder lists street offices send (Excel and CSV) and turn rows into checked records.

`reading` streams rows and finds the header, `headers` knows the column names clerks use,
`dates` reads dates written by hand, `pipeline` checks and classifies rows in batches, and
`report` writes the error workbook a clerk fixes and uploads again.
"""
