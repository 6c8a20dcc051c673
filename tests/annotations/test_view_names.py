import importlib
import inspect
import pkgutil

import annotations.views
from annotations import services


def test_no_view_shares_its_name_with_a_service():
    service_names = {name for name, value in vars(services).items() if inspect.isfunction(value)}
    shared = []
    for module_info in pkgutil.iter_modules(annotations.views.__path__):
        module = importlib.import_module(f"annotations.views.{module_info.name}")
        shared += [f"{module.__name__}.{name}" for name, value in vars(module).items()
                   if inspect.isfunction(value) and value.__module__ == module.__name__ and name in service_names]
    assert shared == []
