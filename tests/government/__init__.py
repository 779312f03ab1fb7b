"""Tests of the government part: value for money, fiscal affordability and bid comparison."""
