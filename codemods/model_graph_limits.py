"""Mark model graphs Keras 3 builds or trains differently: tensor inputs, nested outputs, XLA.

**What**
Reports ``Input(tensor=...)``/``InputLayer(input_tensor=...)`` given a
TensorFlow tensor or variable (K944), ``Model`` outputs that nest lists or
tuples (K945), and ``compile`` without ``jit_compile`` in a file that defines
custom layers or ``Lambda`` layers (K948). Nothing is rewritten.

**Why**
Keras 3's ``Input`` accepts only a KerasTensor: ``Input(tensor=K.variable(...))``
raises ValueError ("Argument `input_tensor` must be a KerasTensor", spec
§6.15, §10.47). A ``Model`` whose outputs nest lists builds, but ``fit`` and
``evaluate`` fail ("Expected an instance of tuple", spec §6.23). On a machine
with a GPU, ``compile``'s default ``jit_compile='auto'`` compiles the train,
test and predict steps with XLA whenever every layer allows it, which custom
layers and ``Lambda`` layers do by default; an op XLA cannot compile then
fails at ``fit`` time (on CPU-only machines 'auto' means no XLA; spec §10.38).

**Example**
Before::

    style = Input(tensor=K.variable(style_image))
    model = Model(input=x, output=[[y1, y2], y3])

After::

    # kmigrate: K944 Keras 3 Input takes no TF tensor or variable ...
    style = Input(tensor=K.variable(style_image))
    # kmigrate: K945 Keras 3 cannot train a model whose outputs nest lists ...
    model = Model(inputs=x, outputs=[[y1, y2], y3])

**Safety**
Findings only. K944 marks ``Input(tensor=...)`` and
``InputLayer(input_tensor=...)``, unless the tensor is a name assigned an
``Input(...)`` (a KerasTensor, which Keras 3 still takes). K945
marks literal lists or tuples nested in a ``Model``'s outputs (nested
inputs work in Keras 3 and are left alone). K948 marks ``compile`` on a
proven model without ``jit_compile`` in a file that defined a custom layer
class or built a ``Lambda`` layer earlier.

**Limits**
Outputs nested through a variable (``outputs=heads``) are not seen. Custom
layers imported from another module do not trigger K948.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from codemods._args import keyword
from codemods._custom_layers import layer_class
from codemods._framework import CallSite, Codemod, FileContext, Safety
from codemods._layer_refs import file_facts
from codemods._resolve import dotted_name
from codemods._training import argument
from codemods.tables.functional import MODEL_CLASSES
from codemods.tables.model_apis import LAMBDA_LAYER, TENSOR_INPUTS

TENSOR_INPUT = "K944"
NESTED_OUTPUTS = "K945"
XLA = "K948"
_TENSOR = (
    "Keras 3 Input takes no TF tensor or variable (only a KerasTensor): use Input(shape=...) and feed the data "
    "to fit/predict, or compute with the tensor outside the model"
)
_NESTED = (
    "Keras 3 cannot train a model whose outputs nest lists (fit/evaluate: Expected an instance of tuple): "
    "give outputs as a flat list or a dict, and targets and losses in the same structure"
)
_JIT = (
    "on a GPU Keras 3 compiles the train/test/predict steps with XLA (jit_compile='auto'): if an op of a custom "
    "or Lambda layer fails under XLA, pass jit_compile=False to compile"
)


def _nested(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.List | cst.Tuple) and any(
        isinstance(e.value, cst.List | cst.Tuple) for e in node.elements
    )


def _jit_given(call: cst.Call) -> bool:
    """An explicit jit_compile (True or False) is the author's choice already."""
    return any(keyword(a) == "jit_compile" for a in call.args)


class ModelGraphLimits(Codemod):
    code: ClassVar[str] = "K417"
    name: ClassVar[str] = "model_graph_limits"
    summary: ClassVar[str] = "Mark Input(tensor=...), nested model outputs and XLA with custom layers"
    safety: ClassVar[Safety] = Safety.MANUAL
    calls: ClassVar[frozenset[str]] = frozenset(TENSOR_INPUTS) | MODEL_CLASSES | {LAMBDA_LAYER}
    methods: ClassVar[frozenset[str]] = frozenset({"compile"})
    class_defs: ClassVar[bool] = True

    def on_call(self, call: cst.Call, site: CallSite, ctx: FileContext) -> cst.BaseExpression:
        known = file_facts(ctx)
        if site.canonical == LAMBDA_LAYER:
            known.custom_code = True
            function = argument(call.args, "function", 0)
            if function is not None and isinstance(function.value, cst.Lambda):
                known.python_lambdas = True
        elif site.canonical is not None and site.canonical in TENSOR_INPUTS:
            self._tensor_input(call, site, ctx)
        elif site.canonical in MODEL_CLASSES:
            outputs = argument(call.args, "outputs", 1)
            if outputs is not None and _nested(outputs.value):
                ctx.report(NESTED_OUTPUTS, site.original, _NESTED)
        elif site.method == "compile" and site.is_model_receiver and known.custom_code and not _jit_given(call):
            ctx.report(XLA, site.original, _JIT)
        return call

    def _tensor_input(self, call: cst.Call, site: CallSite, ctx: FileContext) -> None:
        assert site.canonical is not None
        known = file_facts(ctx)
        line = ctx.current_statement
        if isinstance(line, cst.SimpleStatementLine) and isinstance(line.body[0], cst.Assign):
            assign = line.body[0]
            if assign.value is site.original:
                known.keras_inputs.update(n for t in assign.targets if (n := dotted_name(t.target)) is not None)
        tensor = argument(call.args, TENSOR_INPUTS[site.canonical], None)
        # the Input of another Input is a KerasTensor, which Keras 3 still takes
        if tensor is not None and dotted_name(tensor.value) not in known.keras_inputs:
            ctx.report(TENSOR_INPUT, site.original, _TENSOR)

    def on_class_def(self, original: cst.ClassDef, updated: cst.ClassDef, ctx: FileContext) -> cst.ClassDef:
        if layer_class(original, ctx) is not None:
            file_facts(ctx).custom_code = True
        return updated
