from reportkit.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised via `python -m reportkit`
    main()
