"""Risk analysis on the engine's batched path (methodology §10).

:mod:`ppp.risk.drivers` names the uncertain inputs and evaluates many scenarios of them at once;
:mod:`ppp.risk.distributions` describes a driver's uncertainty; :mod:`ppp.risk.montecarlo` draws correlated
scenarios, evaluates them in chunks and summarises the results; :mod:`ppp.risk.sensitivity` steps one driver
at a time. Pure numpy: no database, no user interface.
"""
