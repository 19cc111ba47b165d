"""reportlab: report data to PDF bytes. Charts, fonts, text escaping. No Qt."""
