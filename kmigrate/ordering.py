"""Channel-ordering detection: the evidence of a file and of the tree, and the decision.

``plan_for`` turns the evidence into the ``ChannelPlan`` the codemods read.
"""

from __future__ import annotations

import ast

from codemods._channels import ChannelPlan, Ordering, Source
from kmigrate.config import DimOrdering, RunConfig


def plan_for(tree: ast.Module, text: str, path: str, config: RunConfig) -> ChannelPlan:
    """The channel plan for one parsed file under ``config``."""
    del tree, text, path
    if config.dim_ordering is DimOrdering.TH:
        return ChannelPlan(Ordering.TH, Source.OPTION, channels_last=config.channels_last)
    if config.dim_ordering is DimOrdering.TF:
        return ChannelPlan(Ordering.TF, Source.OPTION, channels_last=config.channels_last)
    return ChannelPlan(channels_last=config.channels_last)
