"""reportlab: report data to PDF bytes. Charts, fonts, text escaping. No Qt.

Importing this package closes reportlab's doors to the network and to URL schemes (R14):
no host is trusted and no scheme may be fetched, whatever text a report carries.
"""

from reportlab import rl_config

rl_config.trustedHosts = None
rl_config.trustedSchemes = []
