<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AuditLog</name>
    <message>
        <location filename="../services/audit/AuditLog.cpp" line="+103"/>
        <source>Audit journal row %1 is missing: the next row is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Audit journal row %1 does not follow row %2: a row was changed, removed or inserted by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Audit journal row %1 was changed after it was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupCommand</name>
    <message>
        <location filename="../app/BackupCommand.cpp" line="+25"/>
        <source>Writes a consistent copy of the database to FILE, also while registers keep selling. An SQLite shop is copied as an SQLite file; a PostgreSQL shop as a pg_dump archive. An existing FILE is never overwritten.</source>
        <translation>Schreibt eine konsistente Kopie der Datenbank nach DATEI, auch während an den Kassen verkauft wird. Ein SQLite-Laden wird als SQLite-Datei kopiert, ein PostgreSQL-Laden als pg_dump-Archiv. Eine vorhandene DATEI wird nie überschrieben.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Backup written to %1 (%2).</source>
        <translation>Sicherung nach %1 geschrieben (%2).</translation>
    </message>
</context>
<context>
    <name>CheckCommand</name>
    <message>
        <location filename="../app/CheckCommand.cpp" line="+32"/>
        <source>Checks the database: the database&apos;s own integrity check, then every rule the shop&apos;s data keeps (stock, orders, payments, the audit journal). Prints one PASS or FAIL line per check; the exit status is 0 only when all passed. The database is not changed.</source>
        <translation>Prüft die Datenbank: zuerst die eigene Integritätsprüfung der Datenbank, dann jede Regel, die die Daten des Ladens einhalten (Bestand, Bestellungen, Zahlungen, Prüfprotokoll). Gibt je Prüfung eine Zeile PASS oder FAIL aus; der Exit-Status ist nur 0, wenn alle bestanden sind. Die Datenbank wird nicht verändert.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The database has schema version %1; this Storekeeper uses %2. Open it once with this version (for example with &quot;storekeeper user add&quot; or the desktop application) to upgrade it, then check again.</source>
        <translation>Die Datenbank hat die Schemaversion %1; dieses Storekeeper verwendet %2. Öffnen Sie sie einmal mit dieser Version (zum Beispiel mit „storekeeper user add“ oder der Desktop-Anwendung), um sie zu aktualisieren, und prüfen Sie dann erneut.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>All %1 checks passed.</source>
        <translation>Alle %1 Prüfungen bestanden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2 checks failed. Restore the latest backup that passes, or ask for help with the lines marked FAIL.</source>
        <translation>%1 von %2 Prüfungen fehlgeschlagen. Stellen Sie die letzte Sicherung wieder her, die die Prüfung besteht, oder holen Sie sich Hilfe mit den Zeilen, die mit FAIL markiert sind.</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../app/CommandLine.cpp" line="+70"/>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>The shop&apos;s database: a file path, sqlite:///path or postgresql://user:password@host:port/name. Default: the STOREKEEPER_DATABASE environment variable, else %1.</source>
        <translation>Die Datenbank des Ladens: ein Dateipfad, sqlite:///pfad oder postgresql://benutzer:passwort@host:port/name. Standard: die Umgebungsvariable STOREKEEPER_DATABASE, sonst %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language of messages: en, de or fr.</source>
        <translation>Sprache der Meldungen: en, de oder fr.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>LANG</source>
        <translation>SPRACHE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also print the technical details of a failure.</source>
        <translation>Bei einem Fehler auch die technischen Einzelheiten ausgeben.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Put the command first: storekeeper %1 [options]</source>
        <translation>Der Befehl gehört an den Anfang: storekeeper %1 [Optionen]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Missing argument: %1.</source>
        <translation>Fehlendes Argument: %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Run &quot;%1 --help&quot; to see the options.</source>
        <translation>„%1 --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Details: %1</source>
        <translation>Einzelheiten: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There is no database file %1. Name the shop&apos;s database with --database FILE or the STOREKEEPER_DATABASE environment variable.</source>
        <translation>Es gibt keine Datenbankdatei %1. Geben Sie die Datenbank des Ladens mit --database DATEI oder der Umgebungsvariable STOREKEEPER_DATABASE an.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Usage: storekeeper [options]</source>
        <translation>Aufruf: storekeeper [Optionen]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usage: storekeeper %1 [options]</source>
        <translation>Aufruf: storekeeper %1 [Optionen]</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../app/Commands.cpp" line="+11"/>
        <source>Fill a database with a realistic demo shop.</source>
        <translation>Eine Datenbank mit einem realistischen Demo-Laden füllen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create a user account; the password is read from standard input.</source>
        <translation>Ein Benutzerkonto anlegen; das Passwort wird von der Standardeingabe gelesen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the database&apos;s integrity and every rule the shop&apos;s data keeps.</source>
        <translation>Die Integrität der Datenbank und jede Regel der Ladendaten prüfen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write a consistent copy of the database, also while registers sell.</source>
        <translation>Eine konsistente Kopie der Datenbank schreiben, auch während die Kassen verkaufen.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <location filename="../services/db/Database.cpp" line="+29"/>
        <source>The database is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This database was written by a newer version of Storekeeper. Install the newer Storekeeper to open it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoCommand</name>
    <message>
        <location filename="../app/DemoCommand.cpp" line="+57"/>
        <source>Creating the demo shop: %1 %</source>
        <translation>Demo-Laden wird angelegt: %1 %</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Fills the database with a realistic demo shop: vendors, staff, customers, a catalog with variants and stock, orders and reviews.</source>
        <translation>Füllt die Datenbank mit einem realistischen Demo-Laden: Lieferanten, Personal, Kunden, ein Katalog mit Varianten und Bestand, Bestellungen und Bewertungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many products to create (default %1).</source>
        <translation>Wie viele Produkte angelegt werden (Standard %1).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the demo data even though the database already holds a shop.</source>
        <translation>Die Demodaten hinzufügen, auch wenn die Datenbank schon einen Laden enthält.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--products needs a whole number from 1 to %1.</source>
        <translation>--products braucht eine ganze Zahl von 1 bis %1.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stopped: the database was left as it was.</source>
        <translation>Abgebrochen: Die Datenbank blieb unverändert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The demo shop is ready in %1: %2 products, %3 vendors and %4 user accounts.</source>
        <translation>Der Demo-Laden in %1 ist bereit: %2 Produkte, %3 Lieferanten und %4 Benutzerkonten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign in with:</source>
        <translation>Anmelden mit:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owner (administrator)</source>
        <translation>Inhaber (Administrator)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>password %1</source>
        <translation>Passwort %1</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>password %1, PIN %2</source>
        <translation>Passwort %1, PIN %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vendor</source>
        <translation>Lieferant</translation>
    </message>
</context>
<context>
    <name>DesktopCommand</name>
    <message>
        <location filename="../app/DesktopCommand.cpp" line="+34"/>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run &quot;storekeeper COMMAND --help&quot; to see a command&apos;s options.</source>
        <translation>„storekeeper BEFEHL --help“ zeigt die Optionen eines Befehls.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>storekeeper: unknown command &quot;%1&quot;. The commands are: %2.</source>
        <translation>storekeeper: unbekannter Befehl „%1“. Die Befehle sind: %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To open a database file, use: storekeeper --database %1</source>
        <translation>Eine Datenbankdatei öffnen Sie mit: storekeeper --database %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &quot;storekeeper --help&quot; to see the options.</source>
        <translation>„storekeeper --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Storekeeper: back office and register for shops. Without a command it opens the desktop application.</source>
        <translation>Storekeeper: Warenwirtschaft und Kasse für Läden. Ohne Befehl öffnet es die Desktop-Anwendung.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save a PNG picture of each screen the application shows in DIR.</source>
        <translation>Von jedem Bildschirm, den die Anwendung zeigt, ein PNG-Bild in ORDNER speichern.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DIR</source>
        <translation>ORDNER</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign in automatically as EMAIL with the password in STOREKEEPER_PASSWORD.</source>
        <translation>Automatisch als EMAIL mit dem Passwort aus STOREKEEPER_PASSWORD anmelden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EMAIL</source>
        <translation>EMAIL</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Print &quot;first-paint-ms N&quot; once the first window is painted, then quit.</source>
        <translation>„first-paint-ms N“ ausgeben, sobald das erste Fenster gezeichnet ist, dann beenden.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>--sign-in needs an e-mail address.</source>
        <translation>--sign-in braucht eine E-Mail-Adresse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--sign-in needs the password in the environment variable %1.</source>
        <translation>--sign-in braucht das Passwort in der Umgebungsvariable %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The folder %1 cannot be created. Choose a folder you can write to.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden. Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Storekeeper cannot open its window: there is no graphical display. Start it in a desktop session, or use the commands that need none (storekeeper --help).</source>
        <translation>Storekeeper kann sein Fenster nicht öffnen: Es gibt keine grafische Anzeige. Starten Sie es in einer Desktop-Sitzung oder verwenden Sie die Befehle, die keine brauchen (storekeeper --help).</translation>
    </message>
</context>
<context>
    <name>Localization</name>
    <message>
        <location filename="../app/Localization.cpp" line="+61"/>
        <source>storekeeper: --lang needs a language: %1.</source>
        <translation>storekeeper: --lang braucht eine Sprache: %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storekeeper: the language &quot;%1&quot; is not available. Choose one of: %2.</source>
        <translation>storekeeper: Die Sprache „%1“ ist nicht verfügbar. Wählen Sie eine von: %2.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../ui/Navigation.cpp" line="+64"/>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ring up sales with the barcode scanner or the keyboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse and edit products, their variants, categories and prices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>See stock on hand, receive deliveries and count the shelves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow orders from payment to delivery, with returns and refunds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Look up customers, their addresses and what they have bought.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read what customers say about the products, reply and moderate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sales, tax and stock figures by day, category, vendor or clerk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff and customer accounts: roles, passwords, PINs and lockouts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The shop&apos;s details, currency, tax rate and register defaults.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <location filename="../services/auth/PasswordHasher.cpp" line="+321"/>
        <source>Storekeeper is set up with password settings it cannot use. Ask whoever maintains this installation to correct them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The password could not be saved because the system has no random numbers to spare. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The password could not be saved, probably for lack of memory. Close other programs and try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordInput</name>
    <message>
        <location filename="../app/PasswordInput.cpp" line="+73"/>
        <source>New password for %1: </source>
        <translation>Neues Passwort für %1: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type it again: </source>
        <translation>Noch einmal eingeben: </translation>
    </message>
</context>
<context>
    <name>PasswordPolicy</name>
    <message>
        <location filename="../services/auth/PasswordPolicy.cpp" line="+85"/>
        <source>Choose a password that is not only spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Choose a password of at least %n characters.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Choose a password of at most %n characters.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This password is one of the most common and easy to guess. Choose a different one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose a password that does not contain your e-mail address or the name before its @.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Use only the digits 0 to 9 in a PIN, without spaces or letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a PIN of %1 to %2 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a PIN that does not repeat one digit, such as 1111.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a PIN that does not count up or down, such as 1234 or 4321.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <location filename="../services/auth/Permissions.cpp" line="+49"/>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your role (%1) may not do this (%2). Ask an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../services/auth/Role.cpp" line="+33"/>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation type="unfinished">Lieferant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation type="unfinished">Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserCommand</name>
    <message>
        <location filename="../app/UserCommand.cpp" line="+45"/>
        <source>Run &quot;storekeeper user add --help&quot; to see its options.</source>
        <translation>„storekeeper user add --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Usage: storekeeper user add --email E --role R --first-name F --last-name L [options]</source>
        <translation>Aufruf: storekeeper user add --email E --role R --first-name F --last-name L [Optionen]</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>storekeeper user: say what to do, for example: storekeeper user add --email E --role R --first-name F --last-name L</source>
        <translation>storekeeper user: Geben Sie an, was zu tun ist, zum Beispiel: storekeeper user add --email E --role R --first-name F --last-name L</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storekeeper user: unknown action &quot;%1&quot;. The only action is &quot;add&quot;.</source>
        <translation>storekeeper user: unbekannte Aktion „%1“. Die einzige Aktion ist „add“.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Creates a user account. The password is read from standard input: typed twice without echo on a terminal, else the first line. On a database without a shop, the first administrator also creates the shop.</source>
        <translation>Legt ein Benutzerkonto an. Das Passwort wird von der Standardeingabe gelesen: am Terminal zweimal verdeckt eingegeben, sonst die erste Zeile. In einer Datenbank ohne Laden legt der erste Administrator auch den Laden an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The user&apos;s e-mail address, used to sign in.</source>
        <translation>Die E-Mail-Adresse des Benutzers, mit der er sich anmeldet.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One of: %1.</source>
        <translation>Eine von: %1.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user&apos;s first name.</source>
        <translation>Der Vorname des Benutzers.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user&apos;s last name.</source>
        <translation>Der Nachname des Benutzers.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For a vendor: the name of the vendor the user works for.</source>
        <translation>Für Lieferanten: der Name des Lieferanten, für den der Benutzer arbeitet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When this creates the shop: its name (default &quot;%1&quot;).</source>
        <translation>Wenn dabei der Laden angelegt wird: sein Name (Standard „%1“).</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+67"/>
        <source>My shop</source>
        <translation>Mein Laden</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>--email is required.</source>
        <translation>--email ist erforderlich.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--role is required: one of %1.</source>
        <translation>--role ist erforderlich: eine von %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;%1&quot; is not a role. Choose one of: %2.</source>
        <translation>„%1“ ist keine Rolle. Wählen Sie eine von: %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--first-name and --last-name are required.</source>
        <translation>--first-name und --last-name sind erforderlich.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A vendor account needs --vendor NAME.</source>
        <translation>Ein Lieferantenkonto braucht --vendor NAME.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--vendor is only for the role vendor.</source>
        <translation>--vendor gilt nur für die Rolle vendor.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>--shop-name only applies to the first administrator of a database without a shop.</source>
        <translation>--shop-name gilt nur für den ersten Administrator einer Datenbank ohne Laden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give the password on standard input, for example: storekeeper user add ... &lt; password.txt</source>
        <translation>Geben Sie das Passwort über die Standardeingabe an, zum Beispiel: storekeeper user add ... &lt; passwort.txt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passwords differ. Nothing was changed; try again.</source>
        <translation>Die beiden Passwörter unterscheiden sich. Es wurde nichts geändert; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Created the shop &quot;%1&quot; and its administrator %2 (user %3).</source>
        <translation>Laden „%1“ und sein Administrator %2 angelegt (Benutzer %3).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created the account %1 (%2, user %3).</source>
        <translation>Konto %1 angelegt (%2, Benutzer %3).</translation>
    </message>
</context>
<context>
    <name>sk</name>
    <message>
        <location filename="../services/auth/AuthService.cpp" line="+29"/>
        <source>The e-mail address or the password is not right. Check both and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This account is locked after %1 failed attempts. Try again after %2, or ask an administrator to unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+76"/>
        <source>The PIN is not right. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This account is disabled. Ask an administrator to enable it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Customer accounts sign in to the online shop. Storekeeper is for the shop&apos;s staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/auth/UserService.cpp" line="+84"/>
        <source>Searching users is not available on this database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+65"/>
        <source>The shop needs at least one active administrator. Make another user an administrator first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/db/DatabaseUrl.cpp" line="+23"/>
        <source>The database address &quot;%1&quot; is not valid: %2 Use a file path, sqlite:///path/to/shop.db or postgresql://user:password@host:5432/database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>it could not be read as a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the host name is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the database name is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the file path is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it names a folder, not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../services/maintenance/Backup.cpp" line="+35"/>
        <source>pg_dump could not be started. Install the PostgreSQL client tools (scripts/bootstrap does).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>pg_dump could not write the backup. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::AuthService</name>
    <message>
        <location filename="../services/auth/AuthService.cpp" line="+66"/>
        <source>Enter your e-mail address and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose your name and enter your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The first user must be an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This shop is already set up. Sign in with an administrator&apos;s account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::Backup</name>
    <message>
        <location filename="../services/maintenance/Backup.cpp" line="+14"/>
        <source>Name the backup file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file %1 already exists. Choose a new file name; a backup never overwrites a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The backup could not be written to %1. Check the folder and free space.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::ChangeRoleDialog</name>
    <message>
        <location filename="../ui/users/ChangeRoleDialog.cpp" line="+23"/>
        <source>Change role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What may %1 (%2) do in Storekeeper? The change applies from their next sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vendor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Change role</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::Connection</name>
    <message>
        <location filename="../services/db/Connection.cpp" line="+49"/>
        <source>The database driver %1 is not installed. Run scripts/bootstrap or install the Qt SQL driver package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The folder %1 cannot be created. Choose a database file in a folder you can write to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database file %1 cannot be opened. Check that it exists and that you may read and write it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot connect to the PostgreSQL database %1. Check that the server is running and that the address, user name and password are right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The file %1 is not a Storekeeper database, or it is damaged. Choose another file or restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+78"/>
        <source>The database did not return the new record&apos;s number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The database is busy with another register. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection to the database was lost. Check the network and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This record already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record is still used elsewhere, or refers to a record that does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The disk holding the database is full. Free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database could not complete the operation. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::DatabaseUrl</name>
    <message>
        <location filename="../services/db/DatabaseUrl.cpp" line="+13"/>
        <source>it is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an sqlite:// address needs an absolute path (three slashes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the kind &quot;%1&quot; is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::DemoShop</name>
    <message>
        <location filename="../services/maintenance/DemoShop.cpp" line="+112"/>
        <source>This database already holds a shop. Use another database, or --force to add the demo data beside what is there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Filling the demo shop was cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::DesktopController</name>
    <message>
        <location filename="../ui/DesktopController.cpp" line="+145"/>
        <location line="+86"/>
        <source>Storekeeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-61"/>
        <source>This database holds no shop yet, so only the setup dialog could be photographed. Fill it with demo data first (storekeeper demo).
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Could not write a screenshot into %1.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::IntegrityCheck</name>
    <message>
        <location filename="../services/maintenance/IntegrityCheck.cpp" line="+33"/>
        <source>SQLite reports damage: %1. Restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite integrity check passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Table %1 row %2 refers to a missing row in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every reference points to an existing row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PostgreSQL %1 answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Audit journal intact (%1 rows).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::LockScreen</name>
    <message>
        <location filename="../ui/auth/LockScreen.cpp" line="+31"/>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;witch user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Storekeeper is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+1"/>
        <source>Password or PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Signed in as %1 (%2). Enter this account&apos;s password or PIN to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Enter your password or PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>That is not the password or PIN of this account. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="+118"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;witch user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Storekeeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 – Storekeeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+69"/>
        <source>About Storekeeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storekeeper %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The back office and register of %1.
Built with Qt %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::Migrator</name>
    <message>
        <location filename="../services/db/Migrator.cpp" line="+135"/>
        <source>This database was written by a newer version of Storekeeper (schema %1; this program knows schema %2). Install the newer Storekeeper to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Updating the database to schema %1 (%2) failed; it was left at schema %3. Restore a backup or report this problem.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::NewUserDialog</name>
    <message>
        <location filename="../ui/users/NewUserDialog.cpp" line="+42"/>
        <location line="+130"/>
        <source>New user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-125"/>
        <source>name@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>At least %n characters</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optional, %1 to %2 digits for the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;First name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;hone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vendor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repea&amp;t password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;IN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Create user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Enter the user&apos;s first name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the user&apos;s last name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the user&apos;s e-mail address: it is the name they sign in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Creating the account…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::SecretDialog</name>
    <message>
        <location filename="../ui/users/SecretDialog.cpp" line="+24"/>
        <source>Set register PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PIN lets %1 (%2) sign in quickly at the register. Choose %3 to %4 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a new password for %1 (%2) and give it to them in person. Failed sign-ins are forgotten and the account is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New &amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New &amp;password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Repeat password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Set PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reset pass&amp;word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The two PINs are not the same. Type the PIN again in both fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::SettingsPage</name>
    <message>
        <location filename="../ui/settings/SettingsPage.cpp" line="+44"/>
        <source>Re&amp;vert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storekeeper locks itself after this many minutes without keyboard or mouse input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printed at the bottom of every receipt, e.g. opening hours or the return policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Lock after idle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt &amp;footer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Save (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+121"/>
        <source>Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Revert settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::SettingsService</name>
    <message>
        <location filename="../services/shop/SettingsService.cpp" line="+47"/>
        <source>Enter the shop&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s name may be at most 200 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The currency must be a three-letter ISO code such as USD, EUR or GBP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tax rate must be between 0 % and 100 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The idle lock must be between 0 (never) and 1440 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The receipt footer may be at most 1000 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::SetupDialog</name>
    <message>
        <location filename="../ui/auth/SetupDialog.cpp" line="+37"/>
        <source>Set up your shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome to Storekeeper. Enter your shop&apos;s details and create the administrator account you will sign in with. Everything can be changed later in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>name@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>At least %n characters</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>First administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;First name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create &amp;shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Enter the administrator&apos;s first and last name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the administrator&apos;s e-mail address: it is the name you sign in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Creating the shop…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::ShopDetailsForm</name>
    <message>
        <location filename="../ui/shop/ShopDetailsForm.cpp" line="+43"/>
        <source>As printed on receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+2"/>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Applied to products without their own tax class, for example 8.00.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shop &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop e-&amp;mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Currency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default &amp;tax rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Enter the shop&apos;s name: it is printed on every receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the default tax rate as a percentage between 0 and 100 with at most two decimals, for example %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::SignInDialog</name>
    <message>
        <location filename="../ui/auth/SignInDialog.cpp" line="+45"/>
        <source>Sign in to Storekeeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>name@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 to %2 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use password &amp;instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Use a register PIN &amp;instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-6"/>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Enter the e-mail address of your Storekeeper account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::UserService</name>
    <message>
        <location filename="../services/auth/UserService.cpp" line="+118"/>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Only staff accounts have a register PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The current password is not right. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::UserTableModel</name>
    <message>
        <location filename="../models/UserTableModel.cpp" line="+125"/>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Too many failed sign-ins: locked until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account may not sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation type="unfinished">Lieferant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::UsersPage</name>
    <message>
        <location filename="../ui/users/UsersPage.cpp" line="+49"/>
        <source>&amp;New user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+223"/>
        <source>&amp;Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-222"/>
        <source>Reset &amp;password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set P&amp;IN…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+219"/>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-218"/>
        <source>Reset password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set PIN…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name or e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Search:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sho&amp;w:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Forgets failed sign-in and PIN attempts so the user can try again now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+75"/>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Counting users…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No user matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No users yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 matching user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 user</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln matching users</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%Ln users</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user can no longer sign in; nothing is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user can sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another administrator must change your own role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+63"/>
        <source>Set PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-61"/>
        <source>The account of %1 was created, but its PIN was not set: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created the account of %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enable user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disable user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can no longer sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password of %1 was reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Change role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 is now: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 can now sign in at the register with the new PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unlock user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 may try to sign in again now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::VendorChooser</name>
    <message>
        <location filename="../ui/users/VendorChooser.cpp" line="+27"/>
        <location line="+1"/>
        <source>New vendor&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading vendors…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Wait a moment until the vendors are loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A vendor account belongs to a vendor: choose one or enter a new vendor&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 (inactive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New vendor…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sk::userrecords</name>
    <message>
        <location filename="../services/auth/UserRecords.cpp" line="+39"/>
        <source>There is no such user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Enter an e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; is not an e-mail address. Enter it as name@example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter a phone number of at most 20 characters, using only digits, spaces and + ( ) - . /, or leave it empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter a first and a last name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Names may be at most 100 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The chosen vendor does not exist any more. Choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A vendor account needs a vendor: choose one or enter a new vendor&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A vendor&apos;s name may be at most 200 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>A user with the e-mail %1 already exists. Use another address or edit that user.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
