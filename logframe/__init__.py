"""logframe: is Kent and Medway on course for its Integrated Care Strategy log-frame targets?"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
