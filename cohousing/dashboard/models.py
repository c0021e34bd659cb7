"""The dashboard keeps no tables: it reads those of the other areas (households, wellbeing,
chores, money, visits) and writes only access-register rows, through `audit.services`."""
