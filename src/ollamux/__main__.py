from ollamux.cli import main

raise SystemExit(main())
