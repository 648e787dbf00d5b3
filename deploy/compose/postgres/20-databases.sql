-- The stack's databases (the compose postgres service runs this once, on an empty volume). Each service migrates
-- its own schema with Flyway at start; binlog-sync reads the orders database's WAL (wal_level=logical).
CREATE DATABASE orders;
CREATE DATABASE coupons;
CREATE DATABASE warehouse;
