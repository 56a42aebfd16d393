"""Programme reports: the figures (pure, from counts the service layer aggregates in
SQL), small-count suppression, and the documents people read (HTML, PDF, XLSX, CSV,
JSON).  Imports the rules and definitions below it, never the store or the service.
"""
