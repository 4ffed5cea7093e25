from .cli import main

main(prog_name="agreement-builder")
