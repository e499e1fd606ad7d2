<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
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
        <translation>Écrit une copie cohérente de la base de données dans FICHIER, même pendant que les caisses vendent. Une boutique SQLite est copiée en fichier SQLite, une boutique PostgreSQL en archive pg_dump. Un FICHIER existant n&apos;est jamais écrasé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>FILE</source>
        <translation>FICHIER</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Backup written to %1 (%2).</source>
        <translation>Sauvegarde écrite dans %1 (%2).</translation>
    </message>
</context>
<context>
    <name>CheckCommand</name>
    <message>
        <location filename="../app/CheckCommand.cpp" line="+32"/>
        <source>Checks the database: the database&apos;s own integrity check, then every rule the shop&apos;s data keeps (stock, orders, payments, the audit journal). Prints one PASS or FAIL line per check; the exit status is 0 only when all passed. The database is not changed.</source>
        <translation>Vérifie la base de données : d&apos;abord son propre contrôle d&apos;intégrité, puis chaque règle que respectent les données de la boutique (stock, commandes, paiements, journal d&apos;audit). Affiche une ligne PASS ou FAIL par contrôle ; le code de sortie vaut 0 seulement si tous ont réussi. La base n&apos;est pas modifiée.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The database has schema version %1; this Storekeeper uses %2. Open it once with this version (for example with &quot;storekeeper user add&quot; or the desktop application) to upgrade it, then check again.</source>
        <translation>La base de données a la version de schéma %1 ; ce Storekeeper utilise la %2. Ouvrez-la une fois avec cette version (par exemple avec « storekeeper user add » ou l&apos;application de bureau) pour la mettre à jour, puis vérifiez de nouveau.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>All %1 checks passed.</source>
        <translation>Les %1 contrôles ont tous réussi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2 checks failed. Restore the latest backup that passes, or ask for help with the lines marked FAIL.</source>
        <translation>%1 contrôles sur %2 ont échoué. Restaurez la dernière sauvegarde qui les réussit, ou demandez de l&apos;aide avec les lignes marquées FAIL.</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../app/CommandLine.cpp" line="+70"/>
        <source>Show this help.</source>
        <translation>Affiche cette aide.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>The shop&apos;s database: a file path, sqlite:///path or postgresql://user:password@host:port/name. Default: the STOREKEEPER_DATABASE environment variable, else %1.</source>
        <translation>La base de données de la boutique : un chemin de fichier, sqlite:///chemin ou postgresql://utilisateur:motdepasse@hôte:port/nom. Par défaut : la variable d&apos;environnement STOREKEEPER_DATABASE, sinon %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language of messages: en, de or fr.</source>
        <translation>Langue des messages : en, de ou fr.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>LANG</source>
        <translation>LANGUE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also print the technical details of a failure.</source>
        <translation>En cas d&apos;échec, affiche aussi les détails techniques.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Put the command first: storekeeper %1 [options]</source>
        <translation>Mettez la commande en premier : storekeeper %1 [options]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>Argument inattendu « %1 ».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Missing argument: %1.</source>
        <translation>Argument manquant : %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Run &quot;%1 --help&quot; to see the options.</source>
        <translation>Lancez « %1 --help » pour voir les options.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Details: %1</source>
        <translation>Détails : %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There is no database file %1. Name the shop&apos;s database with --database FILE or the STOREKEEPER_DATABASE environment variable.</source>
        <translation>Il n&apos;y a pas de fichier de base de données %1. Indiquez la base de la boutique avec --database FICHIER ou la variable d&apos;environnement STOREKEEPER_DATABASE.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Usage: storekeeper [options]</source>
        <translation>Utilisation : storekeeper [options]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usage: storekeeper %1 [options]</source>
        <translation>Utilisation : storekeeper %1 [options]</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../app/Commands.cpp" line="+11"/>
        <source>Fill a database with a realistic demo shop.</source>
        <translation>Remplit une base de données avec une boutique de démonstration réaliste.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create a user account; the password is read from standard input.</source>
        <translation>Crée un compte utilisateur ; le mot de passe est lu sur l&apos;entrée standard.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the database&apos;s integrity and every rule the shop&apos;s data keeps.</source>
        <translation>Vérifie l&apos;intégrité de la base et chaque règle que respectent les données de la boutique.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write a consistent copy of the database, also while registers sell.</source>
        <translation>Écrit une copie cohérente de la base, même pendant que les caisses vendent.</translation>
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
        <translation>Création de la boutique de démonstration : %1 %</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Fills the database with a realistic demo shop: vendors, staff, customers, a catalog with variants and stock, orders and reviews.</source>
        <translation>Remplit la base avec une boutique de démonstration réaliste : vendeurs, personnel, clients, un catalogue avec variantes et stock, commandes et avis.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many products to create (default %1).</source>
        <translation>Nombre de produits à créer (par défaut %1).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the demo data even though the database already holds a shop.</source>
        <translation>Ajoute les données de démonstration même si la base contient déjà une boutique.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--products needs a whole number from 1 to %1.</source>
        <translation>--products attend un nombre entier de 1 à %1.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stopped: the database was left as it was.</source>
        <translation>Arrêté : la base de données est restée telle quelle.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The demo shop is ready in %1: %2 products, %3 vendors and %4 user accounts.</source>
        <translation>La boutique de démonstration est prête dans %1 : %2 produits, %3 vendeurs et %4 comptes utilisateur.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign in with:</source>
        <translation>Connectez-vous avec :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owner (administrator)</source>
        <translation>Propriétaire (administrateur)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>password %1</source>
        <translation>mot de passe %1</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>password %1, PIN %2</source>
        <translation>mot de passe %1, PIN %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vendor</source>
        <translation>Vendeur</translation>
    </message>
</context>
<context>
    <name>DesktopCommand</name>
    <message>
        <location filename="../app/DesktopCommand.cpp" line="+34"/>
        <source>Commands:</source>
        <translation>Commandes :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run &quot;storekeeper COMMAND --help&quot; to see a command&apos;s options.</source>
        <translation>Lancez « storekeeper COMMANDE --help » pour voir les options d&apos;une commande.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>storekeeper: unknown command &quot;%1&quot;. The commands are: %2.</source>
        <translation>storekeeper : commande inconnue « %1 ». Les commandes sont : %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To open a database file, use: storekeeper --database %1</source>
        <translation>Pour ouvrir un fichier de base de données : storekeeper --database %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &quot;storekeeper --help&quot; to see the options.</source>
        <translation>Lancez « storekeeper --help » pour voir les options.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Storekeeper: back office and register for shops. Without a command it opens the desktop application.</source>
        <translation>Storekeeper : gestion et caisse pour boutiques. Sans commande, il ouvre l&apos;application de bureau.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the version.</source>
        <translation>Affiche la version.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save a PNG picture of each screen the application shows in DIR.</source>
        <translation>Enregistre une image PNG de chaque écran affiché par l&apos;application dans DOSSIER.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DIR</source>
        <translation>DOSSIER</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign in automatically as EMAIL with the password in STOREKEEPER_PASSWORD.</source>
        <translation>Se connecte automatiquement en tant que EMAIL avec le mot de passe de STOREKEEPER_PASSWORD.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EMAIL</source>
        <translation>EMAIL</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Print &quot;first-paint-ms N&quot; once the first window is painted, then quit.</source>
        <translation>Affiche « first-paint-ms N » dès que la première fenêtre est dessinée, puis quitte.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>--sign-in needs an e-mail address.</source>
        <translation>--sign-in attend une adresse e-mail.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--sign-in needs the password in the environment variable %1.</source>
        <translation>--sign-in attend le mot de passe dans la variable d&apos;environnement %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The folder %1 cannot be created. Choose a folder you can write to.</source>
        <translation>Le dossier %1 ne peut pas être créé. Choisissez un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Storekeeper cannot open its window: there is no graphical display. Start it in a desktop session, or use the commands that need none (storekeeper --help).</source>
        <translation>Storekeeper ne peut pas ouvrir sa fenêtre : il n&apos;y a pas d&apos;affichage graphique. Lancez-le dans une session de bureau, ou utilisez les commandes qui n&apos;en ont pas besoin (storekeeper --help).</translation>
    </message>
</context>
<context>
    <name>Localization</name>
    <message>
        <location filename="../app/Localization.cpp" line="+61"/>
        <source>storekeeper: --lang needs a language: %1.</source>
        <translation>storekeeper : --lang attend une langue : %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storekeeper: the language &quot;%1&quot; is not available. Choose one of: %2.</source>
        <translation>storekeeper : la langue « %1 » n&apos;est pas disponible. Choisissez parmi : %2.</translation>
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
        <translation>Nouveau mot de passe pour %1 : </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type it again: </source>
        <translation>Saisissez-le de nouveau : </translation>
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
        <translation type="unfinished">Vendeur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation type="unfinished">Caissier</translation>
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
        <translation>Lancez « storekeeper user add --help » pour voir ses options.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Usage: storekeeper user add --email E --role R --first-name F --last-name L [options]</source>
        <translation>Utilisation : storekeeper user add --email E --role R --first-name F --last-name L [options]</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>storekeeper user: say what to do, for example: storekeeper user add --email E --role R --first-name F --last-name L</source>
        <translation>storekeeper user : indiquez quoi faire, par exemple : storekeeper user add --email E --role R --first-name F --last-name L</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storekeeper user: unknown action &quot;%1&quot;. The only action is &quot;add&quot;.</source>
        <translation>storekeeper user : action inconnue « %1 ». La seule action est « add ».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Creates a user account. The password is read from standard input: typed twice without echo on a terminal, else the first line. On a database without a shop, the first administrator also creates the shop.</source>
        <translation>Crée un compte utilisateur. Le mot de passe est lu sur l&apos;entrée standard : saisi deux fois sans écho dans un terminal, sinon la première ligne. Dans une base sans boutique, le premier administrateur crée aussi la boutique.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The user&apos;s e-mail address, used to sign in.</source>
        <translation>L&apos;adresse e-mail de l&apos;utilisateur, pour se connecter.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One of: %1.</source>
        <translation>Parmi : %1.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user&apos;s first name.</source>
        <translation>Le prénom de l&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user&apos;s last name.</source>
        <translation>Le nom de famille de l&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For a vendor: the name of the vendor the user works for.</source>
        <translation>Pour un vendeur : le nom du vendeur pour lequel l&apos;utilisateur travaille.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When this creates the shop: its name (default &quot;%1&quot;).</source>
        <translation>Si la boutique est créée : son nom (par défaut « %1 »).</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+67"/>
        <source>My shop</source>
        <translation>Ma boutique</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>--email is required.</source>
        <translation>--email est obligatoire.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--role is required: one of %1.</source>
        <translation>--role est obligatoire : parmi %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;%1&quot; is not a role. Choose one of: %2.</source>
        <translation>« %1 » n&apos;est pas un rôle. Choisissez parmi : %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--first-name and --last-name are required.</source>
        <translation>--first-name et --last-name sont obligatoires.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A vendor account needs --vendor NAME.</source>
        <translation>Un compte vendeur exige --vendor NOM.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--vendor is only for the role vendor.</source>
        <translation>--vendor ne sert que pour le rôle vendor.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>--shop-name only applies to the first administrator of a database without a shop.</source>
        <translation>--shop-name ne s&apos;applique qu&apos;au premier administrateur d&apos;une base sans boutique.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give the password on standard input, for example: storekeeper user add ... &lt; password.txt</source>
        <translation>Donnez le mot de passe sur l&apos;entrée standard, par exemple : storekeeper user add ... &lt; motdepasse.txt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passwords differ. Nothing was changed; try again.</source>
        <translation>Les deux mots de passe diffèrent. Rien n&apos;a été modifié ; réessayez.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Created the shop &quot;%1&quot; and its administrator %2 (user %3).</source>
        <translation>Boutique « %1 » et son administrateur %2 créés (utilisateur %3).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Command line</source>
        <translation>Ligne de commande</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created the account %1 (%2, user %3).</source>
        <translation>Compte %1 créé (%2, utilisateur %3).</translation>
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
        <translation type="unfinished">Vendeur</translation>
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
