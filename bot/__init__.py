"""Verzuimwijzer: Dutch assistant on school absence and thuiszitten."""
