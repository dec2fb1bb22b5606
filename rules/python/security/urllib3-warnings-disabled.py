import warnings

import requests
import urllib3
from urllib3.exceptions import InsecureRequestWarning

# ruleid: urllib3-warnings-disabled
urllib3.disable_warnings()
# ruleid: urllib3-warnings-disabled
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
# ruleid: urllib3-warnings-disabled
requests.packages.urllib3.disable_warnings(InsecureRequestWarning)
# ruleid: urllib3-warnings-disabled
warnings.filterwarnings("ignore", category=InsecureRequestWarning)
# ruleid: urllib3-warnings-disabled
warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)

# ok: urllib3-warnings-disabled
warnings.filterwarnings("ignore", category=DeprecationWarning)
# ok: urllib3-warnings-disabled
logging_disabled = warnings.catch_warnings()
