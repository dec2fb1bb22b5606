# ruleid: python-wildcard-import
from os.path import *
# ruleid: python-wildcard-import
from tkinter import *
# ruleid: python-wildcard-import
from .models import *

# ok: python-wildcard-import
from os.path import exists, join
# ok: python-wildcard-import
import tkinter as tk
# ok: python-wildcard-import
from .models import Order, Customer


def window(path):
    if exists(join(path, "x")):
        return tk.Tk()
    return Tk(), Order, Customer
