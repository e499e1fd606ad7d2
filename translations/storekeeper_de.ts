<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccessTokens</name>
    <message>
        <location filename="../services/auth/AccessTokens.cpp" line="+30"/>
        <source>The access token is not valid: sign in again.</source>
        <translation>Das Zugriffstoken ist ungültig: Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The access token has expired: sign in again.</source>
        <translation>Das Zugriffstoken ist abgelaufen: Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No random secret for access tokens could be made. Try again.</source>
        <translation>Es konnte kein zufälliges Geheimnis für Zugriffstoken erzeugt werden. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The stored secret for access tokens is damaged. Remove the setting &quot;api.token_secret&quot; to make a new one.</source>
        <translation>Das gespeicherte Geheimnis für Zugriffstoken ist beschädigt. Entfernen Sie die Einstellung „api.token_secret“, um ein neues zu erzeugen.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The secret for access tokens could not be stored. Try again.</source>
        <translation>Das Geheimnis für Zugriffstoken konnte nicht gespeichert werden. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <location filename="../ui/inventory/AdjustDialog.cpp" line="+45"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, SKU %2</source>
        <translation>%1, SKU %2</translation>
    </message>
</context>
<context>
    <name>ApiAuth</name>
    <message>
        <location filename="../api/ApiAuthRoutes.cpp" line="+46"/>
        <source>User registered successfully</source>
        <translation>Benutzer erfolgreich registriert</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Signing in is not possible yet. Try again in a moment.</source>
        <translation>Die Anmeldung ist noch nicht möglich. Versuchen Sie es gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>ApiCartRoutes</name>
    <message>
        <location filename="../api/ApiCartRoutes.cpp" line="+64"/>
        <source>The field &quot;quantity&quot; is required: add it to the request.</source>
        <translation>Das Feld „quantity“ ist erforderlich: Fügen Sie es der Anfrage hinzu.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Item added to cart</source>
        <translation>Artikel in den Warenkorb gelegt</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cart item updated</source>
        <translation>Warenkorbartikel aktualisiert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Item removed from cart</source>
        <translation>Artikel aus dem Warenkorb entfernt</translation>
    </message>
</context>
<context>
    <name>ApiCatalogRoutes</name>
    <message>
        <location filename="../api/ApiCatalogRoutes.cpp" line="+74"/>
        <source>The parameter &quot;sort_by&quot; must be one of relevance, price_low, price_high, newest or rating.</source>
        <translation>Der Parameter „sort_by“ muss relevance, price_low, price_high, newest oder rating sein.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>An attribute filter is written attr.NAME=VALUE, with a name of at most %1 and a value of at most %2 characters.</source>
        <translation>Ein Attributfilter wird als attr.NAME=VALUE geschrieben, mit einem Namen von höchstens %1 und einem Wert von höchstens %2 Zeichen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Use at most %1 attribute filters.</source>
        <translation>Verwenden Sie höchstens %1 Attributfilter.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Only the first %1 results can be paged through (page x page_size). Narrow the search instead.</source>
        <translation>Nur die ersten %1 Ergebnisse können durchblättert werden (page x page_size). Schränken Sie stattdessen die Suche ein.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The parameter &quot;%1&quot; must be an amount such as 12.34.</source>
        <translation>Der Parameter „%1“ muss ein Betrag wie 12.34 sein.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The parameter &quot;min_price&quot; must not be above &quot;max_price&quot;.</source>
        <translation>Der Parameter „min_price“ darf nicht über „max_price“ liegen.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Product not found. It may no longer be sold; search the catalog again.</source>
        <translation>Produkt nicht gefunden. Es wird vielleicht nicht mehr verkauft; durchsuchen Sie den Katalog erneut.</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Category not found. Choose a category of the shop.</source>
        <translation>Kategorie nicht gefunden. Wählen Sie eine Kategorie des Shops.</translation>
    </message>
</context>
<context>
    <name>ApiJson</name>
    <message>
        <location filename="../api/ApiJson.cpp" line="+21"/>
        <source>The field &quot;%1&quot; is required: add it to the request.</source>
        <translation>Das Feld „%1“ ist erforderlich: Fügen Sie es der Anfrage hinzu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The field &quot;%1&quot; must be a string.</source>
        <translation>Das Feld „%1“ muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The field &quot;%1&quot; must be at most %2 characters long.</source>
        <translation>Das Feld „%1“ darf höchstens %2 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The field &quot;%1&quot; must be a whole number from %2 to %3.</source>
        <translation>Das Feld „%1“ muss eine ganze Zahl von %2 bis %3 sein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The field &quot;%1&quot; must be an amount written as a string, such as &quot;12.34&quot;.</source>
        <translation>Das Feld „%1“ muss ein als Zeichenkette geschriebener Betrag sein, etwa &quot;12.34&quot;.</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>The field &quot;%1&quot; must be true or false.</source>
        <translation>Das Feld „%1“ muss true oder false sein.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The parameter &quot;%1&quot; must be a whole number from %2 to %3.</source>
        <translation>Der Parameter „%1“ muss eine ganze Zahl von %2 bis %3 sein.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The parameter &quot;%1&quot; must be at most %2 characters long.</source>
        <translation>Der Parameter „%1“ darf höchstens %2 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The parameter &quot;%1&quot; must be an amount such as 12.34.</source>
        <translation>Der Parameter „%1“ muss ein Betrag wie 12.34 sein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The parameter &quot;%1&quot; must be true or false.</source>
        <translation>Der Parameter „%1“ muss true oder false sein.</translation>
    </message>
</context>
<context>
    <name>ApiOrderRoutes</name>
    <message>
        <location filename="../api/ApiOrderRoutes.cpp" line="+153"/>
        <source>The field &quot;%1&quot; must be an object with street_address, city, state, postal_code and country.</source>
        <translation>Das Feld „%1“ muss ein Objekt mit street_address, city, state, postal_code und country sein.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Send either shipping_address_id or shipping_address, not both.</source>
        <translation>Senden Sie entweder shipping_address_id oder shipping_address, nicht beides.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add the shipping address: shipping_address_id of a saved address, or a shipping_address object.</source>
        <translation>Geben Sie die Lieferadresse an: shipping_address_id einer gespeicherten Adresse oder ein shipping_address-Objekt.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Send either billing_address_id or billing_address, not both.</source>
        <translation>Senden Sie entweder billing_address_id oder billing_address, nicht beides.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The shop takes online payments by card: set payment_method to &quot;card&quot;.</source>
        <translation>Der Shop nimmt Onlinezahlungen per Karte an: Setzen Sie payment_method auf &quot;card&quot;.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Order created successfully</source>
        <translation>Bestellung erfolgreich angelegt</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Order cancelled successfully</source>
        <translation>Bestellung erfolgreich storniert</translation>
    </message>
</context>
<context>
    <name>ApiReply</name>
    <message>
        <location filename="../api/ApiTypes.cpp" line="+46"/>
        <source>The shop could not answer this request. Please try again later.</source>
        <translation>Der Shop konnte diese Anfrage nicht beantworten. Bitte versuchen Sie es später erneut.</translation>
    </message>
</context>
<context>
    <name>ApiReviewRoutes</name>
    <message>
        <location filename="../api/ApiReviewRoutes.cpp" line="+24"/>
        <source>Review submitted</source>
        <translation>Bewertung abgegeben</translation>
    </message>
</context>
<context>
    <name>ApiServer</name>
    <message>
        <location filename="../api/ApiServer.cpp" line="+96"/>
        <source>The shop could not answer this request. Please try again later.</source>
        <translation>Der Shop konnte diese Anfrage nicht beantworten. Bitte versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The request body is too large: send at most %1 bytes.</source>
        <translation>Der Anfragetext ist zu groß: Senden Sie höchstens %1 Bytes.</translation>
    </message>
    <message>
        <location line="+109"/>
        <location line="+80"/>
        <source>There is nothing at this address.</source>
        <translation>Unter dieser Adresse gibt es nichts.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Cannot listen on %1 port %2: %3. Choose another port or address.</source>
        <translation>Auf %1 Port %2 kann nicht gelauscht werden: %3. Wählen Sie einen anderen Port oder eine andere Adresse.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Too many requests: wait %n second(s) and try again.</source>
        <translation>
            <numerusform>Zu viele Anfragen: Warten Sie %n Sekunde und versuchen Sie es erneut.</numerusform>
            <numerusform>Zu viele Anfragen: Warten Sie %n Sekunden und versuchen Sie es erneut.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This address does not take this method.</source>
        <translation>Diese Adresse nimmt diese Methode nicht an.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Send the body as JSON, with the header &quot;Content-Type: application/json&quot;.</source>
        <translation>Senden Sie den Anfragetext als JSON, mit dem Header „Content-Type: application/json“.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The body must be one JSON object, such as {&quot;email&quot;: &quot;...&quot;}. Check its syntax.</source>
        <translation>Der Anfragetext muss ein einzelnes JSON-Objekt sein, etwa {&quot;email&quot;: &quot;...&quot;}. Prüfen Sie seine Syntax.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Sign in first and send the access token in the header &quot;Authorization: Bearer TOKEN&quot;.</source>
        <translation>Melden Sie sich zuerst an und senden Sie das Zugriffstoken im Header „Authorization: Bearer TOKEN“.</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <location filename="../services/audit/AuditLog.cpp" line="+103"/>
        <source>Audit journal row %1 is missing: the next row is %2.</source>
        <translation>Zeile %1 des Prüfprotokolls fehlt: Die nächste Zeile ist %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Audit journal row %1 does not follow row %2: a row was changed, removed or inserted by hand.</source>
        <translation>Zeile %1 des Prüfprotokolls folgt nicht auf Zeile %2: Eine Zeile wurde von Hand geändert, entfernt oder eingefügt.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Audit journal row %1 was changed after it was written.</source>
        <translation>Zeile %1 des Prüfprotokolls wurde nach dem Schreiben geändert.</translation>
    </message>
</context>
<context>
    <name>AuthService</name>
    <message>
        <location filename="../services/auth/AuthService.cpp" line="+24"/>
        <source>The e-mail address or the password is not right. Check both and try again.</source>
        <translation>Die E-Mail-Adresse oder das Passwort ist nicht richtig. Prüfen Sie beides und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This account is locked after %1 failed attempts. Try again after %2, or ask an administrator to unlock it.</source>
        <translation>Dieses Konto ist nach %1 fehlgeschlagenen Versuchen gesperrt. Versuchen Sie es ab %2 Uhr erneut oder bitten Sie einen Administrator, es zu entsperren.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The PIN is not right. Try again.</source>
        <translation>Die PIN ist nicht richtig. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This account is disabled. Ask an administrator to enable it.</source>
        <translation>Dieses Konto ist deaktiviert. Bitten Sie einen Administrator, es zu aktivieren.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Customer accounts sign in to the online shop. Storekeeper is for the shop&apos;s staff.</source>
        <translation>Kundenkonten melden sich im Onlineshop an. Storekeeper ist für die Mitarbeiter des Ladens gedacht.</translation>
    </message>
    <message>
        <location line="+70"/>
        <location line="+9"/>
        <source>Enter your e-mail address and password.</source>
        <translation>Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose your name and enter your PIN.</source>
        <translation>Wählen Sie Ihren Namen und geben Sie Ihre PIN ein.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sign in first.</source>
        <translation>Bitte melden Sie sich zuerst an.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The first user must be an administrator.</source>
        <translation>Der erste Benutzer muss ein Administrator sein.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This shop is already set up. Sign in with an administrator&apos;s account.</source>
        <translation>Dieser Laden ist bereits eingerichtet. Melden Sie sich mit dem Konto eines Administrators an.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../services/maintenance/Backup.cpp" line="+30"/>
        <source>pg_dump could not be started. Install the PostgreSQL client tools (scripts/bootstrap does).</source>
        <translation>pg_dump konnte nicht gestartet werden. Installieren Sie die PostgreSQL-Client-Werkzeuge (scripts/bootstrap erledigt das).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>pg_dump could not write the backup. Nothing was saved.</source>
        <translation>pg_dump konnte die Sicherung nicht schreiben. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Name the backup file.</source>
        <translation>Geben Sie einen Namen für die Sicherungsdatei an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file %1 already exists. Choose a new file name; a backup never overwrites a file.</source>
        <translation>Die Datei %1 existiert bereits. Wählen Sie einen neuen Dateinamen; eine Sicherung überschreibt nie eine Datei.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The backup could not be written to %1. Check the folder and free space.</source>
        <translation>Die Sicherung konnte nicht nach %1 geschrieben werden. Prüfen Sie den Ordner und den freien Speicherplatz.</translation>
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
    <name>Barcode</name>
    <message>
        <location filename="../services/catalog/Barcode.cpp" line="+44"/>
        <source>The barcode &quot;%1&quot; may contain only digits.</source>
        <translation>Der Barcode „%1“ darf nur Ziffern enthalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The barcode &quot;%1&quot; has %2 digits; an EAN-13 has 13, a UPC-A 12 and an EAN-8 8. Check the number on the label.</source>
        <translation>Der Barcode „%1“ hat %2 Ziffern; ein EAN-13 hat 13, ein UPC-A 12 und ein EAN-8 8. Prüfen Sie die Nummer auf dem Etikett.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The barcode &quot;%1&quot; has a wrong check digit (the last digit should be %2). Check the number on the label for a typo.</source>
        <translation>Der Barcode „%1“ hat eine falsche Prüfziffer (die letzte Ziffer müsste %2 sein). Prüfen Sie die Nummer auf dem Etikett auf Tippfehler.</translation>
    </message>
</context>
<context>
    <name>CartService</name>
    <message>
        <location filename="../services/sales/CartSupport.cpp" line="+82"/>
        <source>%1 (SKU %2)</source>
        <translation>%1 (SKU %2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is out of stock here: none left.</source>
        <translation>%1 ist hier nicht vorrätig: Es ist nichts mehr übrig.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only %1 of %2 left.</source>
        <translation>Von %2 sind nur noch %1 übrig.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not for sale: its product is not active. Ask an administrator to activate it.</source>
        <translation>%1 ist nicht verkäuflich: Das Produkt ist nicht aktiv. Bitten Sie einen Administrator, es zu aktivieren.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 is above your limit of %2 %: an administrator must approve it with their PIN or password.</source>
        <translation>%1 liegt über Ihrem Limit von %2 %: Ein Administrator muss mit seiner PIN oder seinem Passwort zustimmen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter a reason for the %1.</source>
        <translation>Geben Sie einen Grund für %1 ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The reason may be at most 200 characters long.</source>
        <translation>Der Grund darf höchstens 200 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A discount cannot be negative. Enter zero or more.</source>
        <translation>Ein Rabatt kann nicht negativ sein. Geben Sie null oder mehr ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A discount cannot be above 100 %.</source>
        <translation>Ein Rabatt kann nicht über 100 % liegen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>discount</source>
        <translation>den Rabatt</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This sale is parked. Recall it before changing it.</source>
        <translation>Dieser Verkauf ist geparkt. Nehmen Sie ihn wieder auf, bevor Sie ihn ändern.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sale is already finished. Start a new sale.</source>
        <translation>Dieser Verkauf ist bereits abgeschlossen. Beginnen Sie einen neuen Verkauf.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sale was voided. Start a new sale.</source>
        <translation>Dieser Verkauf wurde storniert. Beginnen Sie einen neuen Verkauf.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This sale no longer exists. Open the register&apos;s current sale.</source>
        <translation>Dieser Verkauf existiert nicht mehr. Öffnen Sie den aktuellen Verkauf der Kasse.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>A payment has been taken for this sale: void it before changing the items.</source>
        <translation>Für diesen Verkauf wurde bereits eine Zahlung angenommen: Stornieren Sie sie, bevor Sie die Artikel ändern.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="+222"/>
        <location filename="../services/sales/CartSupport.cpp" line="+34"/>
        <source>No register has the id %1. Choose a register in Settings.</source>
        <translation>Keine Kasse hat die ID %1. Wählen Sie in den Einstellungen eine Kasse.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartSupport.cpp" line="+18"/>
        <source>This item is no longer in the catalog. Scan or choose another one.</source>
        <translation>Dieser Artikel ist nicht mehr im Katalog. Scannen oder wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="-198"/>
        <source>The quantity must be at least 1.</source>
        <translation>Die Menge muss mindestens 1 betragen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>That quantity is too large.</source>
        <translation>Diese Menge ist zu groß.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartSupport.cpp" line="+23"/>
        <source>This item is no longer in the sale.</source>
        <translation>Dieser Artikel ist nicht mehr im Verkauf enthalten.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="+20"/>
        <source>The quantity must be zero (to remove the item) or more.</source>
        <translation>Die Menge muss null (um den Artikel zu entfernen) oder mehr betragen.</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>This register is switched off. Choose another register or ask an administrator to activate it.</source>
        <translation>Diese Kasse ist deaktiviert. Wählen Sie eine andere Kasse oder bitten Sie einen Administrator, sie zu aktivieren.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartPriceChanges.cpp" line="+45"/>
        <source>price change</source>
        <translation>die Preisänderung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter a price of zero or more.</source>
        <translation>Geben Sie einen Preis von null oder mehr ein.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Enter the price in %1, the shop&apos;s currency.</source>
        <translation>Geben Sie den Preis in %1 ein, der Währung des Ladens.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This price cut</source>
        <translation>Diese Preissenkung</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+53"/>
        <source>This discount</source>
        <translation>Dieser Rabatt</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="+92"/>
        <source>No customer has the id %1. Search for the customer again.</source>
        <translation>Kein Kunde hat die ID %1. Suchen Sie den Kunden erneut.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartParking.cpp" line="+21"/>
        <source>The name of a parked sale may be at most 100 characters long.</source>
        <translation>Der Name eines geparkten Verkaufs darf höchstens 100 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only a register&apos;s sale can be parked.</source>
        <translation>Nur ein Verkauf an einer Kasse kann geparkt werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is nothing to park: the sale is empty.</source>
        <translation>Es gibt nichts zu parken: Der Verkauf ist leer.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>This sale is not parked any more. Choose another one from the list.</source>
        <translation>Dieser Verkauf ist nicht mehr geparkt. Wählen Sie einen anderen aus der Liste.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The current sale has items. Finish or park it before recalling another.</source>
        <translation>Der aktuelle Verkauf enthält Artikel. Schließen Sie ihn ab oder parken Sie ihn, bevor Sie einen anderen wieder aufnehmen.</translation>
    </message>
</context>
<context>
    <name>CatalogTransfer</name>
    <message>
        <location filename="../ui/catalog/CatalogTransfer.cpp" line="+30"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>CategoryService</name>
    <message>
        <location filename="../services/catalog/CategoryService.cpp" line="+57"/>
        <source>Enter a name for the category.</source>
        <translation>Geben Sie einen Namen für die Kategorie ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A category name may have at most %1 characters.</source>
        <translation>Ein Kategoriename darf höchstens %1 Zeichen haben.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is already a category &quot;%1&quot; at this level (web name &quot;%2&quot;). Choose another name.</source>
        <translation>Auf dieser Ebene gibt es bereits eine Kategorie „%1“ (Webname „%2“). Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The category no longer exists (number %1). Refresh the category list.</source>
        <translation>Die Kategorie existiert nicht mehr (Nummer %1). Aktualisieren Sie die Kategorienliste.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The web name &quot;%1&quot; may contain only lower-case letters, digits and single hyphens, for example &quot;%2&quot;.</source>
        <translation>Der Webname „%1“ darf nur Kleinbuchstaben, Ziffern und einzelne Bindestriche enthalten, zum Beispiel „%2“.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A category name needs at least one letter or digit.</source>
        <translation>Ein Kategoriename braucht mindestens einen Buchstaben oder eine Ziffer.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>A category cannot be moved into itself or into one of its own subcategories. Choose another parent.</source>
        <translation>Eine Kategorie kann nicht in sich selbst oder in eine ihrer eigenen Unterkategorien verschoben werden. Wählen Sie eine andere übergeordnete Kategorie.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The categories at this level have changed meanwhile. Refresh the list and arrange them again.</source>
        <translation>Die Kategorien auf dieser Ebene wurden inzwischen geändert. Aktualisieren Sie die Liste und ordnen Sie sie erneut an.</translation>
    </message>
</context>
<context>
    <name>ChangeLog</name>
    <message>
        <location filename="../services/db/ChangeLog.cpp" line="+96"/>
        <source>The change could not be announced to other registers. Report this problem.</source>
        <translation>Die Änderung konnte den anderen Kassen nicht mitgeteilt werden. Melden Sie dieses Problem.</translation>
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
    <name>CheckoutService</name>
    <message>
        <location filename="../services/sales/CheckoutService.cpp" line="+54"/>
        <source>This sale no longer exists. Start a new sale.</source>
        <translation>Dieser Verkauf existiert nicht mehr. Beginnen Sie einen neuen Verkauf.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is an online cart; only a register&apos;s sale can be completed here.</source>
        <translation>Dies ist ein Online-Warenkorb; hier kann nur ein Verkauf an einer Kasse abgeschlossen werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This sale is already completed. Start the next sale.</source>
        <translation>Dieser Verkauf ist bereits abgeschlossen. Beginnen Sie den nächsten Verkauf.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sale was voided. Start a new sale.</source>
        <translation>Dieser Verkauf wurde storniert. Beginnen Sie einen neuen Verkauf.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This sale is parked. Recall it first.</source>
        <translation>Dieser Verkauf ist geparkt. Nehmen Sie ihn zuerst wieder auf.</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>The sale&apos;s register no longer exists. Choose this register again.</source>
        <translation>Die Kasse des Verkaufs existiert nicht mehr. Wählen Sie diese Kasse erneut.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The sale&apos;s prices do not match its lines. Open the sale again.</source>
        <translation>Die Preise des Verkaufs stimmen nicht mit seinen Zeilen überein. Öffnen Sie den Verkauf erneut.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>A card payment for this sale is still being processed. Wait for its answer, then complete the sale.</source>
        <translation>Eine Kartenzahlung für diesen Verkauf wird noch verarbeitet. Warten Sie auf die Antwort und schließen Sie dann den Verkauf ab.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 is paid. Take the remaining %3 before completing the sale.</source>
        <translation>%1 von %2 sind bezahlt. Nehmen Sie die restlichen %3 entgegen, bevor Sie den Verkauf abschließen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payments (%1) are more than the sale&apos;s total (%2). Give back a payment and take the right amount.</source>
        <translation>Die Zahlungen (%1) übersteigen die Summe des Verkaufs (%2). Erstatten Sie eine Zahlung und nehmen Sie den richtigen Betrag entgegen.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The sale has no items. Scan an item first.</source>
        <translation>Der Verkauf enthält keine Artikel. Scannen Sie zuerst einen Artikel.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Sold at %1, paid and handed over.</source>
        <translation>Verkauft über %1, bezahlt und übergeben.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Say in at most %1 characters why the sale is voided.</source>
        <translation>Geben Sie in höchstens %1 Zeichen an, warum der Verkauf storniert wird.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Money was taken for this sale. Give the payments back first, then void it.</source>
        <translation>Für diesen Verkauf wurde Geld angenommen. Erstatten Sie zuerst die Zahlungen und stornieren Sie ihn dann.</translation>
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
    <message>
        <location line="+3"/>
        <source>Import products from a Storekeeper or Shopify CSV file.</source>
        <translation>Produkte aus einer Storekeeper- oder Shopify-CSV-Datei importieren.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export every product to a Storekeeper or Shopify CSV file.</source>
        <translation>Alle Produkte in eine Storekeeper- oder Shopify-CSV-Datei exportieren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print the sales of a date range, grouped, with totals.</source>
        <translation>Gibt die Verkäufe eines Zeitraums gruppiert und mit Summen aus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Serve the online shop&apos;s JSON API over HTTP until stopped.</source>
        <translation>Die JSON-API des Onlineshops über HTTP bereitstellen, bis sie beendet wird.</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <location filename="../services/db/Connection.cpp" line="+79"/>
        <source>The database driver %1 is not installed. Run scripts/bootstrap or install the Qt SQL driver package.</source>
        <translation>Der Datenbanktreiber %1 ist nicht installiert. Führen Sie scripts/bootstrap aus oder installieren Sie das Qt-SQL-Treiberpaket.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The folder %1 cannot be created. Choose a database file in a folder you can write to.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden. Wählen Sie eine Datenbankdatei in einem Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+47"/>
        <source>The database file %1 cannot be opened. Check that it exists and that you may read and write it.</source>
        <translation>Die Datenbankdatei %1 kann nicht geöffnet werden. Prüfen Sie, ob sie existiert und ob Sie sie lesen und schreiben dürfen.</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Cannot connect to the PostgreSQL database %1. Check that the server is running and that the address, user name and password are right.</source>
        <translation>Keine Verbindung zur PostgreSQL-Datenbank %1 möglich. Prüfen Sie, ob der Server läuft und ob Adresse, Benutzername und Passwort stimmen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The file %1 is not a Storekeeper database, or it is damaged. Choose another file or restore a backup.</source>
        <translation>Die Datei %1 ist keine Storekeeper-Datenbank oder sie ist beschädigt. Wählen Sie eine andere Datei oder stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductImportWriter.cpp" line="+404"/>
        <location filename="../services/db/Connection.cpp" line="+141"/>
        <source>The database did not return the new record&apos;s number.</source>
        <translation>Die Datenbank hat die Nummer des neuen Datensatzes nicht zurückgegeben.</translation>
    </message>
    <message>
        <location filename="../services/db/Connection.cpp" line="+25"/>
        <source>Another register was changing the same records at the same moment. Try again.</source>
        <translation>Eine andere Kasse hat im selben Moment dieselben Datensätze geändert. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is busy with another register. Try again in a moment.</source>
        <translation>Die Datenbank ist gerade mit einer anderen Kasse beschäftigt. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection to the database was lost. Check the network and try again.</source>
        <translation>Die Verbindung zur Datenbank wurde unterbrochen. Prüfen Sie das Netzwerk und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This record already exists.</source>
        <translation>Dieser Datensatz existiert bereits.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record is still used elsewhere, or refers to a record that does not exist.</source>
        <translation>Dieser Datensatz wird noch an anderer Stelle verwendet oder verweist auf einen Datensatz, der nicht existiert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The disk holding the database is full. Free some space and try again.</source>
        <translation>Der Datenträger mit der Datenbank ist voll. Geben Sie Speicherplatz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database could not complete the operation. Nothing was changed.</source>
        <translation>Die Datenbank konnte den Vorgang nicht abschließen. Es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <location filename="../services/catalog/CsvReader.cpp" line="+127"/>
        <source>Line %1: field %2 contains a quote but does not start with one. Enclose the whole field in quotes and double each quote inside it.</source>
        <translation>Zeile %1: Feld %2 enthält ein Anführungszeichen, beginnt aber nicht mit einem. Setzen Sie das ganze Feld in Anführungszeichen und verdoppeln Sie jedes Anführungszeichen darin.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Line %1: field %2 has text after its closing quote. Double each quote inside a quoted field, or put a comma after the closing quote.</source>
        <translation>Zeile %1: Feld %2 hat Text nach seinem schließenden Anführungszeichen. Verdoppeln Sie jedes Anführungszeichen innerhalb eines Feldes in Anführungszeichen, oder setzen Sie ein Komma nach das schließende Anführungszeichen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Line %1 contains characters that are not valid UTF-8. Save the file as &quot;CSV UTF-8&quot; and import it again.</source>
        <translation>Zeile %1 enthält Zeichen, die kein gültiges UTF-8 sind. Speichern Sie die Datei als „CSV UTF-8“ und importieren Sie sie erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line %1: a quoted field starts here but its closing quote is missing before the end of the file. The file may be cut short; export it again.</source>
        <translation>Zeile %1: Hier beginnt ein Feld in Anführungszeichen, aber vor dem Dateiende fehlt das schließende Anführungszeichen. Die Datei ist möglicherweise abgeschnitten; exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line %1: field %2 is longer than %3 MiB. A quote is probably missing its closing partner; check the line.</source>
        <translation>Zeile %1: Feld %2 ist länger als %3 MiB. Wahrscheinlich fehlt zu einem Anführungszeichen das schließende Gegenstück; prüfen Sie die Zeile.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Line %1 has more than %2 fields. Check that this is a CSV file separated by commas.</source>
        <translation>Zeile %1 hat mehr als %2 Felder. Prüfen Sie, ob es sich um eine CSV-Datei mit Kommas als Trennzeichen handelt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file is empty. Choose a CSV file whose first line names the columns.</source>
        <translation>Die Datei ist leer. Wählen Sie eine CSV-Datei, deren erste Zeile die Spalten benennt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line %1 is empty. The first line of the file must name the columns.</source>
        <translation>Zeile %1 ist leer. Die erste Zeile der Datei muss die Spalten benennen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reading stopped at line %1 because it was cancelled.</source>
        <translation>Das Lesen wurde in Zeile %1 beendet, weil es abgebrochen wurde.</translation>
    </message>
    <message>
        <location line="+127"/>
        <location line="+47"/>
        <source>The file could not be read after line %1: %2</source>
        <translation>Die Datei konnte nach Zeile %1 nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Column %1 in the header on line 1 has no name. Give every column a name in the first line.</source>
        <translation>Spalte %1 in der Kopfzeile in Zeile 1 hat keinen Namen. Geben Sie jeder Spalte in der ersten Zeile einen Namen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The header on line 1 names the column &quot;%1&quot; more than once (columns %2 and %3). Rename or remove one of them.</source>
        <translation>Die Kopfzeile in Zeile 1 nennt die Spalte „%1“ mehr als einmal (Spalten %2 und %3). Benennen Sie eine davon um oder entfernen Sie sie.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Line %1 has %2 fields but the header has %3. Check for a missing comma or a line break outside quotes.</source>
        <translation>Zeile %1 hat %2 Felder, die Kopfzeile aber %3. Prüfen Sie, ob ein Komma fehlt oder ein Zeilenumbruch außerhalb von Anführungszeichen steht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line %1 has %2 fields but the header has %3. Enclose fields that contain commas in quotes.</source>
        <translation>Zeile %1 hat %2 Felder, die Kopfzeile aber %3. Setzen Sie Felder, die Kommas enthalten, in Anführungszeichen.</translation>
    </message>
</context>
<context>
    <name>CsvWriter</name>
    <message>
        <location filename="../services/catalog/CsvWriter.cpp" line="+71"/>
        <source>The CSV file could not be written: %1. Check that the disk has space and the file is writable.</source>
        <translation>Die CSV-Datei konnte nicht geschrieben werden: %1. Prüfen Sie, ob auf dem Datenträger Platz ist und die Datei beschreibbar ist.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A CSV file needs at least one column.</source>
        <translation>Eine CSV-Datei braucht mindestens eine Spalte.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The header must be written before the first row.</source>
        <translation>Die Kopfzeile muss vor der ersten Zeile geschrieben werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A row has %1 fields but the header has %2; the row was not written.</source>
        <translation>Eine Zeile hat %1 Felder, die Kopfzeile aber %2; die Zeile wurde nicht geschrieben.</translation>
    </message>
</context>
<context>
    <name>CustomerDirectory</name>
    <message>
        <location filename="../services/customers/CustomerDirectory.cpp" line="+162"/>
        <source>There is already an account with the e-mail address %1. Search for it instead.</source>
        <translation>Es gibt bereits ein Konto mit der E-Mail-Adresse %1. Suchen Sie stattdessen danach.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The new customer could not be read back. Try again.</source>
        <translation>Der neue Kunde konnte nicht erneut gelesen werden. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>CustomerOrders</name>
    <message>
        <location filename="../services/orders/CustomerOrders.cpp" line="+16"/>
        <source>Order %1 is not among your orders. Open your order list and choose it there.</source>
        <translation>Bestellung %1 gehört nicht zu Ihren Bestellungen. Öffnen Sie Ihre Bestellliste und wählen Sie sie dort aus.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sign in to see your orders.</source>
        <translation>Melden Sie sich an, um Ihre Bestellungen zu sehen.</translation>
    </message>
    <message>
        <location line="+141"/>
        <source>The page number starts at 1.</source>
        <translation>Die Seitennummer beginnt bei 1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask for 1 to %1 orders per page.</source>
        <translation>Fordern Sie 1 bis %1 Bestellungen pro Seite an.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Product %1 does not exist. Choose a product of your order.</source>
        <translation>Produkt %1 existiert nicht. Wählen Sie ein Produkt aus Ihrer Bestellung.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Order %1 does not hold this product. Review it with the order it came with.</source>
        <translation>Bestellung %1 enthält dieses Produkt nicht. Bewerten Sie es mit der Bestellung, mit der es kam.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Order %1 has not been delivered yet. Review the product once it has arrived.</source>
        <translation>Bestellung %1 wurde noch nicht zugestellt. Bewerten Sie das Produkt, sobald es angekommen ist.</translation>
    </message>
</context>
<context>
    <name>CustomerService</name>
    <message>
        <location filename="../services/customers/CustomerExport.cpp" line="+184"/>
        <source>The file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Die Datei %1 kann nicht geschrieben werden. Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <location filename="../services/customers/CustomerMerge.cpp" line="+84"/>
        <source>A customer cannot be merged into themselves. Choose the other account to keep.</source>
        <translation>Ein Kunde kann nicht mit sich selbst zusammengeführt werden. Wählen Sie das andere Konto, das bleiben soll.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 was already merged into another customer. Search again.</source>
        <translation>%1 wurde bereits mit einem anderen Kunden zusammengeführt. Suchen Sie erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 was merged into another customer. Merge into the customer it became.</source>
        <translation>%1 wurde mit einem anderen Kunden zusammengeführt. Führen Sie ihn mit dem daraus entstandenen Kunden zusammen.</translation>
    </message>
    <message>
        <location filename="../services/customers/CustomerRecords.cpp" line="+81"/>
        <source>There is no customer with number %1. Search for the customer again.</source>
        <translation>Es gibt keinen Kunden mit der Nummer %1. Suchen Sie den Kunden erneut.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is a staff account, not a customer. Choose a customer.</source>
        <translation>%1 ist ein Mitarbeiterkonto, kein Kunde. Wählen Sie einen Kunden.</translation>
    </message>
    <message>
        <location filename="../services/customers/CustomerService.cpp" line="+143"/>
        <source>a new address</source>
        <translation>eine neue Adresse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the street of %1.</source>
        <translation>Geben Sie die Straße von %1 ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the city of %1.</source>
        <translation>Geben Sie den Ort von %1 ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the postal code of %1.</source>
        <translation>Geben Sie die Postleitzahl von %1 ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the country of %1.</source>
        <translation>Geben Sie das Land von %1 ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Each part of an address may be at most %1 characters long: shorten %2.</source>
        <translation>Jeder Teil einer Adresse darf höchstens %1 Zeichen lang sein: Kürzen Sie %2.</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>Mark only one shipping address as the default.</source>
        <translation>Markieren Sie nur eine Lieferadresse als Standard.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark only one billing address as the default.</source>
        <translation>Markieren Sie nur eine Rechnungsadresse als Standard.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 was merged into another customer. Edit the customer it became instead.</source>
        <translation>%1 wurde mit einem anderen Kunden zusammengeführt. Bearbeiten Sie stattdessen den daraus entstandenen Kunden.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Another account already uses the e-mail address %1. Enter a different one, or merge the two customers.</source>
        <translation>Ein anderes Konto verwendet bereits die E-Mail-Adresse %1. Geben Sie eine andere ein oder führen Sie die beiden Kunden zusammen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The address %1 is no longer this customer&apos;s. Open the customer again.</source>
        <translation>Die Adresse %1 gehört nicht mehr zu diesem Kunden. Öffnen Sie den Kunden erneut.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The address %1 is on order %2, so it stays. Keep it in the list.</source>
        <translation>Die Adresse %1 gehört zu Bestellung %2 und bleibt daher erhalten. Behalten Sie sie in der Liste.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <location filename="../services/db/Database.cpp" line="+29"/>
        <source>The database is closed.</source>
        <translation>Die Datenbank ist geschlossen.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This database was written by a newer version of Storekeeper. Install the newer Storekeeper to open it.</source>
        <translation>Diese Datenbank wurde von einer neueren Version von Storekeeper geschrieben. Installieren Sie die neuere Storekeeper-Version, um sie zu öffnen.</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <location filename="../services/db/DatabaseUrl.cpp" line="+18"/>
        <source>The database address &quot;%1&quot; is not valid: %2 Use a file path, sqlite:///path/to/shop.db or postgresql://user:password@host:5432/database.</source>
        <translation>Die Datenbankadresse „%1“ ist ungültig: %2 Verwenden Sie einen Dateipfad, sqlite:///path/to/shop.db oder postgresql://user:password@host:5432/database.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>it could not be read as a URL.</source>
        <translation>sie konnte nicht als URL gelesen werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the host name is missing.</source>
        <translation>der Hostname fehlt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>der Port muss zwischen 1 und 65535 liegen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the database name is missing.</source>
        <translation>der Datenbankname fehlt.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the file path is empty.</source>
        <translation>der Dateipfad ist leer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it names a folder, not a file.</source>
        <translation>sie bezeichnet einen Ordner, keine Datei.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it is empty.</source>
        <translation>sie ist leer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an sqlite:// address needs an absolute path (three slashes).</source>
        <translation>eine sqlite://-Adresse braucht einen absoluten Pfad (drei Schrägstriche).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the kind &quot;%1&quot; is not supported.</source>
        <translation>der Adresstyp „%1“ wird nicht unterstützt.</translation>
    </message>
</context>
<context>
    <name>DemoCatalog</name>
    <message>
        <location filename="../services/maintenance/DemoCatalog.cpp" line="+353"/>
        <source>Back room</source>
        <translation>Lagerraum</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Opening stock</source>
        <translation>Anfangsbestand</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Shelf refill</source>
        <translation>Regalauffüllung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Box crushed in delivery</source>
        <translation>Karton bei der Lieferung zerdrückt</translation>
    </message>
</context>
<context>
    <name>DemoCommand</name>
    <message>
        <location filename="../app/DemoCommand.cpp" line="+59"/>
        <source>Creating the demo shop: %1 %</source>
        <translation>Demo-Laden wird angelegt: %1 %</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Fills the database with a realistic demo shop: vendors, staff, customers, and a catalog of products with variants, pictures and categories.</source>
        <translation>Füllt die Datenbank mit einem realistischen Demo-Laden: Händler, Personal, Kunden und ein Katalog mit Produkten, Varianten, Bildern und Kategorien.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many products to create (default %1).</source>
        <translation>Wie viele Produkte angelegt werden (Standard %1).</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>How many past days of sales, returns, online orders and reviews to make (default %1; 0 for none).</source>
        <translation>Wie viele vergangene Tage mit Verkäufen, Rückgaben, Online-Bestellungen und Bewertungen erzeugt werden (Standard %1; 0 für keine).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add the demo data even though the database already holds a shop.</source>
        <translation>Die Demodaten hinzufügen, auch wenn die Datenbank schon einen Laden enthält.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--products needs a whole number from 1 to %1.</source>
        <translation>--products braucht eine ganze Zahl von 1 bis %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--history-days needs a whole number from 0 to %1.</source>
        <translation>--history-days braucht eine ganze Zahl von 0 bis %1.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stopped: the database was left as it was.</source>
        <translation>Abgebrochen: Die Datenbank blieb unverändert.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Stopped: the shop is kept with the first %n day(s) of its history.</source>
        <translation>
            <numerusform>Abgebrochen: Der Shop behält den ersten Tag seiner Historie.</numerusform>
            <numerusform>Abgebrochen: Der Shop behält die ersten %n Tage seiner Historie.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The demo shop is ready in %1: %2 products, %3 vendors and %4 user accounts.</source>
        <translation>Der Demo-Laden in %1 ist bereit: %2 Produkte, %3 Händler und %4 Benutzerkonten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Its history: %1 days with %2 sales at the register, %3 returns, %4 online orders and %5 reviews.</source>
        <translation>Seine Historie: %1 Tage mit %2 Verkäufen an der Kasse, %3 Rückgaben, %4 Online-Bestellungen und %5 Bewertungen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sign in with:</source>
        <translation>Anmelden mit:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Owner (administrator)</source>
        <translation>Inhaber (Administrator)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>password %1</source>
        <translation>Passwort %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>password %1, PIN %2</source>
        <translation>Passwort %1, PIN %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Händler</translation>
    </message>
</context>
<context>
    <name>DemoHistory</name>
    <message>
        <location filename="../services/maintenance/DemoHistory.cpp" line="+81"/>
        <source>The demo shop&apos;s register, staff or customers are missing. Fill the demo shop into a new database.</source>
        <translation>Kasse, Mitarbeiter oder Kunden des Demo-Shops fehlen. Legen Sie den Demo-Shop in einer neuen Datenbank an.</translation>
    </message>
</context>
<context>
    <name>DemoShop</name>
    <message>
        <location filename="../services/maintenance/DemoShop.cpp" line="+120"/>
        <source>This database already holds a shop. Use another database, or --force to add the demo data beside what is there.</source>
        <translation>Diese Datenbank enthält bereits einen Laden. Verwenden Sie eine andere Datenbank oder --force, um die Demodaten zusätzlich zu den vorhandenen Daten hinzuzufügen.</translation>
    </message>
    <message>
        <location filename="../services/maintenance/DemoCatalog.cpp" line="-224"/>
        <location filename="../services/maintenance/DemoShop.cpp" line="+28"/>
        <location line="+6"/>
        <source>Filling the demo shop was cancelled; nothing was written.</source>
        <translation>Das Füllen des Demo-Ladens wurde abgebrochen; es wurde nichts geschrieben.</translation>
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
    <name>ExportCommand</name>
    <message>
        <location filename="../app/ExportCommand.cpp" line="+31"/>
        <source>Usage: storekeeper export products FILE [--format storekeeper|shopify]</source>
        <translation>Aufruf: storekeeper export products DATEI [--format storekeeper|shopify]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &quot;storekeeper export products --help&quot; to see its options.</source>
        <translation>„storekeeper export products --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>storekeeper export: say what to export, for example: storekeeper export products FILE</source>
        <translation>storekeeper export: Geben Sie an, was exportiert werden soll, zum Beispiel: storekeeper export products DATEI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>storekeeper export: cannot export &quot;%1&quot;. Only &quot;products&quot; can be exported.</source>
        <translation>storekeeper export: „%1“ kann nicht exportiert werden. Nur „products“ kann exportiert werden.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writes every product, with its variants, category, vendor and image addresses, to a CSV file that &quot;storekeeper import products&quot; reads back. An existing FILE is replaced only once the new one is complete.</source>
        <translation>Schreibt alle Produkte mit ihren Varianten, ihrer Kategorie, ihrem Händler und ihren Bildadressen in eine CSV-Datei, die „storekeeper import products“ wieder einlesen kann. Eine vorhandene DATEI wird erst ersetzt, wenn die neue vollständig ist.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>storekeeper (default) or shopify.</source>
        <translation>storekeeper (Standard) oder shopify.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--format must be storekeeper or shopify.</source>
        <translation>--format muss storekeeper oder shopify sein.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 products with %2 variants and %3 images written to %4.</source>
        <translation>%1 Produkte mit %2 Varianten und %3 Bildern nach %4 geschrieben.</translation>
    </message>
</context>
<context>
    <name>GatewayClient</name>
    <message>
        <location filename="../services/payments/GatewayClient.cpp" line="+48"/>
        <source>The payment service did not answer in time. Press Retry to ask again: the card will not be charged twice.</source>
        <translation>Der Zahlungsdienst hat nicht rechtzeitig geantwortet. Drücken Sie „Erneut versuchen“, um erneut nachzufragen: Die Karte wird nicht doppelt belastet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service cannot be reached. Check the network, or take cash.</source>
        <translation>Der Zahlungsdienst ist nicht erreichbar. Prüfen Sie das Netzwerk oder nehmen Sie Bargeld an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service is not working at the moment. Press Retry in a minute, or take cash.</source>
        <translation>Der Zahlungsdienst funktioniert derzeit nicht. Drücken Sie in einer Minute „Erneut versuchen“ oder nehmen Sie Bargeld an.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The payment service sent an answer Storekeeper does not understand. Press Retry; if it happens again, take another way to pay.</source>
        <translation>Der Zahlungsdienst hat eine Antwort gesendet, die Storekeeper nicht versteht. Drücken Sie „Erneut versuchen“; wenn es wieder passiert, wählen Sie eine andere Zahlungsart.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The payment service refused Storekeeper&apos;s API key. Ask an administrator to check the gateway settings.</source>
        <translation>Der Zahlungsdienst hat den API-Schlüssel von Storekeeper abgelehnt. Bitten Sie einen Administrator, die Gateway-Einstellungen zu prüfen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service has already received this payment with another amount. Start the card payment again.</source>
        <translation>Der Zahlungsdienst hat diese Zahlung bereits mit einem anderen Betrag erhalten. Starten Sie die Kartenzahlung erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service refused the request. Take another way to pay, and ask an administrator to check the gateway settings.</source>
        <translation>Der Zahlungsdienst hat die Anfrage abgelehnt. Wählen Sie eine andere Zahlungsart und bitten Sie einen Administrator, die Gateway-Einstellungen zu prüfen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The payment service does not know this payment.</source>
        <translation>Der Zahlungsdienst kennt diese Zahlung nicht.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No payment service is set up. Ask an administrator to enter the gateway&apos;s address in Settings, or take cash.</source>
        <translation>Es ist kein Zahlungsdienst eingerichtet. Bitten Sie einen Administrator, die Adresse des Gateways in den Einstellungen einzugeben, oder nehmen Sie Bargeld an.</translation>
    </message>
    <message>
        <location line="+184"/>
        <source>A card payment must be for more than zero.</source>
        <translation>Eine Kartenzahlung muss über mehr als null lauten.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>A refund must be for more than zero.</source>
        <translation>Eine Erstattung muss über mehr als null lauten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This payment has no reference at the payment service, so it cannot be refunded there. Refund it in cash.</source>
        <translation>Diese Zahlung hat keine Referenz beim Zahlungsdienst und kann dort daher nicht erstattet werden. Erstatten Sie sie bar.</translation>
    </message>
</context>
<context>
    <name>GatewaySettingsStore</name>
    <message>
        <location filename="../services/payments/GatewaySettingsStore.cpp" line="+55"/>
        <source>The gateway&apos;s address must be a web address such as https://gateway.example.com, or empty for cash only.</source>
        <translation>Die Adresse des Gateways muss eine Webadresse sein, etwa https://gateway.example.com, oder leer für reine Barzahlung.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The gateway&apos;s API key may only contain letters, digits and punctuation, without spaces.</source>
        <translation>Der API-Schlüssel des Gateways darf nur Buchstaben, Ziffern und Satzzeichen ohne Leerzeichen enthalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the terminal&apos;s id as the payment service knows it: up to 32 letters and digits, without spaces.</source>
        <translation>Geben Sie die ID des Terminals so ein, wie der Zahlungsdienst sie kennt: bis zu 32 Buchstaben und Ziffern ohne Leerzeichen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gateway&apos;s timeout must be between 1 and 120 seconds.</source>
        <translation>Das Zeitlimit des Gateways muss zwischen 1 und 120 Sekunden liegen.</translation>
    </message>
</context>
<context>
    <name>GatewaySimulatorMain</name>
    <message>
        <location filename="../app/gateway-sim/main.cpp" line="+21"/>
        <source>A card payment gateway on loopback for testing Storekeeper (docs/payments.md).</source>
        <translation>Ein Kartenzahlungs-Gateway auf Loopback zum Testen von Storekeeper (docs/payments.md).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Port to listen on (default 8089).</source>
        <translation>Port, auf dem gelauscht wird (Standard 8089).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The only API key accepted (default: any).</source>
        <translation>Der einzige akzeptierte API-Schlüssel (Standard: beliebig).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep payments in this JSON file across restarts.</source>
        <translation>Zahlungen über Neustarts hinweg in dieser JSON-Datei aufbewahren.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The port must be a number from 0 to 65535.</source>
        <translation>Der Port muss eine Zahl von 0 bis 65535 sein.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot read the state file %1: %2</source>
        <translation>Die Statusdatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot listen on port %1: %2. Choose another port with --port.</source>
        <translation>Auf Port %1 kann nicht gelauscht werden: %2. Wählen Sie mit --port einen anderen Port.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>listening on %1</source>
        <translation>lauscht auf %1</translation>
    </message>
</context>
<context>
    <name>ImportCommand</name>
    <message>
        <location filename="../app/ImportCommand.cpp" line="+47"/>
        <source>Usage: storekeeper import products FILE [--format storekeeper|shopify] [--dry-run] [--report FILE]</source>
        <translation>Aufruf: storekeeper import products DATEI [--format storekeeper|shopify] [--dry-run] [--report DATEI]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run &quot;storekeeper import products --help&quot; to see its options.</source>
        <translation>„storekeeper import products --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>storekeeper import: say what to import, for example: storekeeper import products FILE</source>
        <translation>storekeeper import: Geben Sie an, was importiert werden soll, zum Beispiel: storekeeper import products DATEI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>storekeeper import: cannot import &quot;%1&quot;. Only &quot;products&quot; can be imported.</source>
        <translation>storekeeper import: „%1“ kann nicht importiert werden. Nur „products“ kann importiert werden.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Imports products from a CSV file in Storekeeper&apos;s own format or Shopify&apos;s product export. Every row is checked first; the products whose rows are all valid are imported in one transaction, the others are listed with their line numbers. A product whose handle or SKUs exist is updated. Exit status 1 when any row was rejected.</source>
        <translation>Importiert Produkte aus einer CSV-Datei im eigenen Format von Storekeeper oder aus dem Produktexport von Shopify. Jede Zeile wird zuerst geprüft; die Produkte, deren Zeilen alle gültig sind, werden in einer Transaktion importiert, die übrigen werden mit ihren Zeilennummern aufgeführt. Ein Produkt, dessen Handle oder SKUs bereits existieren, wird aktualisiert. Exit-Status 1, wenn eine Zeile abgelehnt wurde.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>storekeeper or shopify (default: told by the file&apos;s first line).</source>
        <translation>storekeeper oder shopify (Standard: aus der ersten Zeile der Datei erkannt).</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the file and say what would change, without changing anything.</source>
        <translation>Die Datei prüfen und angeben, was sich ändern würde, ohne etwas zu ändern.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write every rejected row (line, handle, SKU, reason) to this CSV file.</source>
        <translation>Jede abgelehnte Zeile (Zeile, Handle, SKU, Grund) in diese CSV-Datei schreiben.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--format must be storekeeper or shopify.</source>
        <translation>--format muss storekeeper oder shopify sein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--report needs a file name.</source>
        <translation>--report braucht einen Dateinamen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file %1 does not exist. Check the name.</source>
        <translation>Die Datei %1 existiert nicht. Prüfen Sie den Namen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Importing: %1 %</source>
        <translation>Import: %1 %</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Stopped: the database was left as it was.</source>
        <translation>Abgebrochen: Die Datenbank blieb unverändert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>... and %1 more rejected rows. Use --report FILE to list them all.</source>
        <translation>... und %1 weitere abgelehnte Zeilen. Mit --report DATEI werden alle aufgeführt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>... and %1 more rejected rows, all listed in %2.</source>
        <translation>... und %1 weitere abgelehnte Zeilen, alle in %2 aufgeführt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2 rows, %3 format)</source>
        <translation>%1 (%2 Zeilen, Format %3)</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../services/catalog/ImportReport.cpp" line="+28"/>
        <source>Dry run, nothing was written: %1 products would be created, %2 updated and %3 left unchanged.</source>
        <translation>Probelauf, es wurde nichts geschrieben: %1 Produkte würden angelegt, %2 aktualisiert und %3 unverändert gelassen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 products created, %2 updated, %3 unchanged.</source>
        <translation>%1 Produkte angelegt, %2 aktualisiert, %3 unverändert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 categories and %2 vendors would be added.</source>
        <translation>%1 Kategorien und %2 Händler würden hinzugefügt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 categories and %2 vendors added.</source>
        <translation>%1 Kategorien und %2 Händler hinzugefügt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 rows (%2 products) were rejected and not imported; fix them and import the file again.</source>
        <translation>%1 Zeilen (%2 Produkte) wurden abgelehnt und nicht importiert; korrigieren Sie sie und importieren Sie die Datei erneut.</translation>
    </message>
</context>
<context>
    <name>IntegrityCheck</name>
    <message>
        <location filename="../services/maintenance/IntegrityCheck.cpp" line="+33"/>
        <source>SQLite reports damage: %1. Restore a backup.</source>
        <translation>SQLite meldet einen Schaden: %1. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite integrity check passed.</source>
        <translation>SQLite-Integritätsprüfung bestanden.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Table %1 row %2 refers to a missing row in %3.</source>
        <translation>Tabelle %1, Zeile %2 verweist auf eine fehlende Zeile in %3.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every reference points to an existing row.</source>
        <translation>Jeder Verweis zeigt auf eine vorhandene Zeile.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PostgreSQL %1 answers.</source>
        <translation>PostgreSQL %1 antwortet.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Audit journal intact (%1 rows).</source>
        <translation>Prüfprotokoll intakt (%1 Zeilen).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Product %1 has no variant; every product needs at least one. Open the product and add one.</source>
        <translation>Produkt %1 hat keine Variante; jedes Produkt braucht mindestens eine. Öffnen Sie das Produkt und fügen Sie eine hinzu.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Product %1 is listed at %2 minor units, but its lowest variant price is %3. Save the product again to repair the listing.</source>
        <translation>Produkt %1 ist mit %2 kleinsten Währungseinheiten gelistet, aber sein niedrigster Variantenpreis ist %3. Speichern Sie das Produkt erneut, um die Angabe zu reparieren.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every product has a variant and the right lowest price (%1 products).</source>
        <translation>Jedes Produkt hat eine Variante und den richtigen niedrigsten Preis (%1 Produkte).</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Stock of %1 at %2 is %3, but its movements add up to %4. Count it and post the count, or restore a backup.</source>
        <translation>Der Bestand von %1 am Lagerplatz %2 beträgt %3, seine Bewegungen ergeben aber %4. Zählen Sie ihn und buchen Sie die Zählung oder stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every stock level equals the sum of its movements (%1 levels).</source>
        <translation>Jeder Lagerbestand entspricht der Summe seiner Bewegungen (%1 Bestände).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 at %2 has %3 reserved, but its active reservations hold %4. Release the reservations and reserve again.</source>
        <translation>Für %1 am Lagerplatz %2 sind %3 reserviert, die aktiven Reservierungen umfassen aber %4. Geben Sie die Reservierungen frei und reservieren Sie erneut.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reserved stock equals the active reservations.</source>
        <translation>Der reservierte Bestand entspricht den aktiven Reservierungen.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 at %2 has %3 on hand and %4 reserved; reserved must be between zero and on hand. Restore a backup.</source>
        <translation>%1 am Lagerplatz %2 hat einen Bestand von %3 und %4 reserviert; der reservierte Bestand muss zwischen null und dem vorhandenen Bestand liegen. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No stock level is negative or reserves more than it holds.</source>
        <translation>Kein Lagerbestand ist negativ oder reserviert mehr, als vorhanden ist.</translation>
    </message>
    <message>
        <location filename="../services/maintenance/SalesIntegrity.cpp" line="+83"/>
        <source>Order %1 has a total of %2, but its subtotal, discount, tax and shipping make %3. Restore a backup.</source>
        <translation>Bestellung %1 hat eine Summe von %2, aber Zwischensumme, Rabatt, Steuer und Versand ergeben %3. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The line %2 of order %1 does not add up: price times quantity, less discount, plus tax must make its total. Restore a backup.</source>
        <translation>Die Zeile %2 der Bestellung %1 geht nicht auf: Preis mal Menge, abzüglich Rabatt, zuzüglich Steuer muss ihre Summe ergeben. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Order %1 has no lines. Restore a backup.</source>
        <translation>Bestellung %1 hat keine Zeilen. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>subtotal</source>
        <translation>die Zwischensumme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>discount</source>
        <translation>den Rabatt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tax</source>
        <translation>die Steuer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order %1 has a %2 of %3, but its lines add up to %4. Restore a backup.</source>
        <translation>Bei Bestellung %1 beträgt %2 %3, aber ihre Zeilen ergeben zusammen %4. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every order&apos;s total and lines add up (%1 orders).</source>
        <translation>Summe und Zeilen jeder Bestellung gehen auf (%1 Bestellungen).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Order %1 is marked paid %2, but its payments add up to %3. Restore a backup.</source>
        <translation>Bestellung %1 ist als mit %2 bezahlt markiert, aber ihre Zahlungen ergeben zusammen %3. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The sale %1 was paid %2 for a total of %3; a sale at the register is paid in full. Restore a backup.</source>
        <translation>Der Verkauf %1 wurde mit %2 bei einer Summe von %3 bezahlt; ein Verkauf an der Kasse wird vollständig bezahlt. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order %1 is marked refunded %2, but its refunds add up to %3. Restore a backup.</source>
        <translation>Bestellung %1 ist als mit %2 erstattet markiert, aber ihre Erstattungen ergeben zusammen %3. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order %1 charged %2 for shipping, but its refunds give %3 of shipping back. Restore a backup.</source>
        <translation>Bestellung %1 hat %2 für den Versand berechnet, aber ihre Erstattungen geben %3 Versand zurück. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Every order&apos;s paid and refunded amounts match its payments and refunds (%1 payments).</source>
        <translation>Die bezahlten und erstatteten Beträge jeder Bestellung stimmen mit ihren Zahlungen und Erstattungen überein (%1 Zahlungen).</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Register %1 has no receipt number %2 although it printed up to %3. Restore a backup.</source>
        <translation>Kasse %1 hat keine Bonnummer %2, obwohl sie bis %3 gedruckt hat. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Register %1 printed receipts up to %2, but its next receipt number is %3 instead of %4. Restore a backup.</source>
        <translation>Kasse %1 hat Kassenbons bis %2 gedruckt, aber ihre nächste Bonnummer ist %3 statt %4. Stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Receipt numbers run without gaps on every register (%1 receipts).</source>
        <translation>Die Bonnummern sind an jeder Kasse lückenlos (%1 Kassenbons).</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Shift %1 on register %2 has %3 = %4 in its running totals, but its sales, refunds and cash movements make %5. Its X and Z reports are wrong; restore a backup.</source>
        <translation>Schicht %1 an Kasse %2 hat %3 = %4 in ihren laufenden Summen, aber ihre Verkäufe, Erstattungen und Bargeldbewegungen ergeben %5. Ihre X- und Z-Berichte sind falsch; stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Shift %1 on register %2 counts %3 %4 payments taking %5 and giving back %6, but its payments and refunds make %7 taking %8 and giving back %9. Its X and Z reports are wrong; restore a backup.</source>
        <translation>Schicht %1 an Kasse %2 zählt %3 %4-Zahlungen mit Einnahmen von %5 und Rückgaben von %6, aber ihre Zahlungen und Erstattungen ergeben %7 mit Einnahmen von %8 und Rückgaben von %9. Ihre X- und Z-Berichte sind falsch; stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every shift&apos;s running totals match its sales, refunds and cash movements (%1 shifts).</source>
        <translation>Die laufenden Summen jeder Schicht stimmen mit ihren Verkäufen, Erstattungen und Bargeldbewegungen überein (%1 Schichten).</translation>
    </message>
</context>
<context>
    <name>InventoryLedger</name>
    <message>
        <location filename="../services/inventory/InventoryLedger.cpp" line="+53"/>
        <source>A reservation needs the order or cart it is for.</source>
        <translation>Eine Reservierung braucht die Bestellung oder den Warenkorb, für die sie gilt.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Nothing is reserved for %1 %2.</source>
        <translation>Für %1 %2 ist nichts reserviert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The stock reserved for %1 %2 was already released. Reserve it again before selling.</source>
        <translation>Der für %1 %2 reservierte Bestand wurde bereits freigegeben. Reservieren Sie ihn vor dem Verkauf erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The stock reserved for %1 %2 was already sold; it cannot be released. Record a return instead.</source>
        <translation>Der für %1 %2 reservierte Bestand wurde bereits verkauft; er kann nicht freigegeben werden. Erfassen Sie stattdessen eine Rückgabe.</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Give the location a short code without spaces (at most %1 characters), such as BACK.</source>
        <translation>Geben Sie dem Lagerplatz ein kurzes Kürzel ohne Leerzeichen (höchstens %1 Zeichen), etwa BACK.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the location a name of at most %1 characters, such as Back room.</source>
        <translation>Geben Sie dem Lagerplatz einen Namen mit höchstens %1 Zeichen, etwa Lagerraum.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A location with the code %1 exists already. Choose another code.</source>
        <translation>Ein Lagerplatz mit dem Kürzel %1 existiert bereits. Wählen Sie ein anderes Kürzel.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>A unit cost cannot be negative.</source>
        <translation>Stückkosten dürfen nicht negativ sein.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Stock can only be transferred to another location. Choose a different destination.</source>
        <translation>Bestand kann nur an einen anderen Lagerplatz umgelagert werden. Wählen Sie ein anderes Ziel.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>%1 is recorded by its own workflow, not as an adjustment. Choose damaged, lost, found, return or count correction.</source>
        <translation>%1 wird über einen eigenen Ablauf erfasst, nicht als Korrektur. Wählen Sie Beschädigt, Verloren, Gefunden, Rückgabe oder Inventurkorrektur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Say why the stock changes: an adjustment needs a note.</source>
        <translation>Geben Sie an, warum sich der Bestand ändert: Eine Korrektur braucht eine Notiz.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter how many units change; zero changes nothing.</source>
        <translation>Geben Sie ein, um wie viele Einheiten sich der Bestand ändert; null ändert nichts.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 adds stock: enter a quantity above zero, or choose damaged or lost.</source>
        <translation>%1 erhöht den Bestand: Geben Sie eine Menge über null ein oder wählen Sie Beschädigt oder Verloren.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The reorder level and quantity cannot be negative.</source>
        <translation>Meldebestand und Bestellmenge dürfen nicht negativ sein.</translation>
    </message>
    <message>
        <location line="+290"/>
        <source>There is no active stock location. Add one in Inventory.</source>
        <translation>Es gibt keinen aktiven Lagerplatz. Legen Sie einen unter Lager an.</translation>
    </message>
    <message>
        <location filename="../services/inventory/InventoryScope.cpp" line="+17"/>
        <source>Your account is not linked to a vendor. Ask an administrator to link it.</source>
        <translation>Ihr Konto ist mit keinem Händler verknüpft. Bitten Sie einen Administrator, es zu verknüpfen.</translation>
    </message>
    <message>
        <location filename="../services/inventory/StockLevelSearch.cpp" line="+138"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code or choose the product from the list.</source>
        <translation>Kein Produkt hat den Barcode oder die SKU „%1“. Prüfen Sie den Code oder wählen Sie das Produkt aus der Liste.</translation>
    </message>
    <message>
        <location filename="../services/inventory/StockLevelWriter.cpp" line="+33"/>
        <source>%1 (SKU %2)</source>
        <translation>%1 (SKU %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2, SKU %3)</source>
        <translation>%1 (%2, SKU %3)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Add at least one item with a quantity.</source>
        <translation>Fügen Sie mindestens einen Artikel mit einer Menge hinzu.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a product for every line.</source>
        <translation>Wählen Sie für jede Zeile ein Produkt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quantities must be whole numbers above zero (a line has %1).</source>
        <translation>Mengen müssen ganze Zahlen über null sein (eine Zeile hat %1).</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>There is no product variant number %1 (or it belongs to another vendor). Refresh and choose it again.</source>
        <translation>Es gibt keine Produktvariante mit der Nummer %1 (oder sie gehört zu einem anderen Händler). Aktualisieren Sie und wählen Sie sie erneut aus.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>There is no stock location number %1. Choose one of the listed locations.</source>
        <translation>Es gibt keinen Lagerplatz mit der Nummer %1. Wählen Sie einen der aufgeführten Lagerplätze.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not enough stock of %1 at %2: %3 available, %4 needed. Lower the quantity or take it from another location.</source>
        <translation>Nicht genug Bestand von %1 am Lagerplatz %2: %3 verfügbar, %4 benötigt. Verringern Sie die Menge oder entnehmen Sie die Ware einem anderen Lagerplatz.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>The stock level could not be created. Try again.</source>
        <translation>Der Lagerbestand konnte nicht angelegt werden. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+18"/>
        <source>The reserved stock does not match the reservations. Run &quot;storekeeper check&quot;.</source>
        <translation>Der reservierte Bestand stimmt nicht mit den Reservierungen überein. Führen Sie „storekeeper check“ aus.</translation>
    </message>
</context>
<context>
    <name>Localization</name>
    <message>
        <location filename="../app/Localization.cpp" line="+70"/>
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
    <name>LowStock</name>
    <message>
        <location filename="../services/inventory/LowStock.cpp" line="+143"/>
        <source>The file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Die Datei %1 kann nicht geschrieben werden. Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file %1 could not be written completely. Check the free space and try again.</source>
        <translation>Die Datei %1 konnte nicht vollständig geschrieben werden. Prüfen Sie den freien Speicherplatz und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../services/inventory/StockLevelWriter.cpp" line="+63"/>
        <source>Low stock: %1</source>
        <translation>Niedriger Bestand: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 at %2 is down to %3 available (reorder level %4). Order more or raise the reorder level.</source>
        <translation>Der verfügbare Bestand von %1 am Lagerplatz %2 ist auf %3 gesunken (Meldebestand %4). Bestellen Sie nach oder erhöhen Sie den Meldebestand.</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../services/db/Migrator.cpp" line="+135"/>
        <source>This database was written by a newer version of Storekeeper (schema %1; this program knows schema %2). Install the newer Storekeeper to open it.</source>
        <translation>Diese Datenbank wurde von einer neueren Version von Storekeeper geschrieben (Schema %1; dieses Programm kennt Schema %2). Installieren Sie die neuere Storekeeper-Version, um sie zu öffnen.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Updating the database to schema %1 (%2) failed; it was left at schema %3. Restore a backup or report this problem.</source>
        <translation>Die Aktualisierung der Datenbank auf Schema %1 (%2) ist fehlgeschlagen; sie bleibt auf Schema %3. Stellen Sie eine Sicherung wieder her oder melden Sie dieses Problem.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../ui/Navigation.cpp" line="+67"/>
        <source>Register</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inventory</source>
        <translation>Lager</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviews</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ring up sales with the barcode scanner or the keyboard.</source>
        <translation>Verkäufe mit dem Barcodescanner oder der Tastatur kassieren.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse and edit products, their variants, categories and prices.</source>
        <translation>Produkte mit ihren Varianten, Kategorien und Preisen durchsuchen und bearbeiten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>See stock on hand, receive deliveries and count the shelves.</source>
        <translation>Lagerbestand einsehen, Lieferungen annehmen und die Regale zählen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow orders from payment to delivery, with returns and refunds.</source>
        <translation>Bestellungen von der Zahlung bis zur Lieferung verfolgen, mit Rücksendungen und Erstattungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Look up customers, their addresses and what they have bought.</source>
        <translation>Kunden, ihre Adressen und ihre Einkäufe nachschlagen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read what customers say about the products, reply and moderate.</source>
        <translation>Lesen, was Kunden über die Produkte sagen, antworten und moderieren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sales, tax and stock figures by day, category, vendor or clerk.</source>
        <translation>Umsatz-, Steuer- und Bestandszahlen nach Tag, Kategorie, Händler oder Kassierer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff and customer accounts: roles, passwords, PINs and lockouts.</source>
        <translation>Konten von Mitarbeitern und Kunden: Rollen, Passwörter, PINs und Sperren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E-mails to customers and vendors: what was sent, what failed and why.</source>
        <translation>E-Mails an Kunden und Händler: was gesendet wurde, was fehlschlug und warum.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The shop&apos;s details, currency, tax rate and register defaults.</source>
        <translation>Angaben zum Laden, Währung, Steuersatz und Standardwerte der Kasse.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>NetworkReceiptPrinter</name>
    <message>
        <location filename="../services/receipts/NetworkReceiptPrinter.cpp" line="+17"/>
        <source>The receipt printer at %1 does not answer. Check that it is switched on, has paper and is connected to the network, then print the receipt again.</source>
        <translation>Der Bondrucker unter %1 antwortet nicht. Prüfen Sie, ob er eingeschaltet ist, Papier hat und mit dem Netzwerk verbunden ist, und drucken Sie den Kassenbon dann erneut.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No receipt printer is set up for this register. Enter its address in Settings, or print through the system print dialog.</source>
        <translation>Für diese Kasse ist kein Bondrucker eingerichtet. Geben Sie seine Adresse in den Einstellungen ein oder drucken Sie über den Druckdialog des Systems.</translation>
    </message>
</context>
<context>
    <name>NotificationOutbox</name>
    <message>
        <location filename="../services/notifications/NotificationOutbox.cpp" line="+56"/>
        <source>Message %1 is no longer in the outbox. Refresh the list.</source>
        <translation>Nachricht %1 ist nicht mehr im Postausgang. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A notification was queued without its event&apos;s key. Report this as a defect.</source>
        <translation>Eine Benachrichtigung wurde ohne den Schlüssel ihres Ereignisses eingereiht. Melden Sie dies als Fehler.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Only a failed message can be sent again; this one is %1.</source>
        <translation>Nur eine fehlgeschlagene Nachricht kann erneut gesendet werden; diese hat den Status „%1“.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Someone queued this message again a moment ago. Refresh the list.</source>
        <translation>Jemand hat diese Nachricht gerade erneut eingereiht. Aktualisieren Sie die Liste.</translation>
    </message>
</context>
<context>
    <name>NotificationSender</name>
    <message>
        <location filename="../services/notifications/NotificationSender.cpp" line="+123"/>
        <source>Sending stopped while this message was with the mail server, so it may have been delivered. Ask the recipient, or press Retry to send it again.</source>
        <translation>Der Versand brach ab, während diese Nachricht beim Mailserver lag; sie wurde also vielleicht zugestellt. Fragen Sie den Empfänger oder drücken Sie „Erneut versuchen“, um sie erneut zu senden.</translation>
    </message>
</context>
<context>
    <name>NotificationTemplates</name>
    <message>
        <location filename="../services/notifications/NotificationEvents.cpp" line="+48"/>
        <source>Storekeeper</source>
        <translation>Storekeeper</translation>
    </message>
    <message>
        <location filename="../services/notifications/NotificationTemplates.cpp" line="+14"/>
        <source>Hello,</source>
        <translation>Hallo,</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hello %1,</source>
        <translation>Hallo %1,</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kind regards,
%1</source>
        <translation>Mit freundlichen Grüßen
%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your order %1 at %2</source>
        <translation>Ihre Bestellung %1 bei %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thank you for your order %1 of %2. We will write again when it is on its way.</source>
        <translation>Vielen Dank für Ihre Bestellung %1 über %2. Wir schreiben Ihnen wieder, sobald sie unterwegs ist.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your order %1: %2</source>
        <translation>Ihre Bestellung %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your order %1 is now: %2.</source>
        <translation>Ihre Bestellung %1 ist jetzt: %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your order %1 is on its way.</source>
        <translation>Ihre Bestellung %1 ist unterwegs.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Carrier: %1
Tracking number: %2</source>
        <translation>Versanddienstleister: %1
Sendungsnummer: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your order %1 has shipped</source>
        <translation>Ihre Bestellung %1 wurde versendet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Refund for your order %1</source>
        <translation>Erstattung für Ihre Bestellung %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We have refunded %1 for your order %2. Depending on your bank, it can take a few days to appear.</source>
        <translation>Wir haben %1 für Ihre Bestellung %2 erstattet. Je nach Bank kann es einige Tage dauern, bis der Betrag erscheint.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your password at %1 was reset</source>
        <translation>Ihr Passwort bei %1 wurde zurückgesetzt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An administrator has set a new password for your account %1. If you did not ask for this, contact us at once.</source>
        <translation>Ein Administrator hat ein neues Passwort für Ihr Konto %1 festgelegt. Wenn Sie dies nicht veranlasst haben, kontaktieren Sie uns sofort.</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <location filename="../services/notifications/NotificationTypes.cpp" line="+33"/>
        <source>Order placed</source>
        <translation>Bestellung aufgegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order status</source>
        <translation>Bestellstatus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order shipped</source>
        <translation>Bestellung versendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Erstattung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low stock</source>
        <translation>Niedriger Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password reset</source>
        <translation>Passwort zurückgesetzt</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>OnlineCartService</name>
    <message>
        <location filename="../services/orders/OnlineCartService.cpp" line="+25"/>
        <source>This item is not in your cart. Reload the cart.</source>
        <translation>Dieser Artikel ist nicht in Ihrem Warenkorb. Laden Sie den Warenkorb neu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter a quantity from %1 to %2.</source>
        <translation>Geben Sie eine Menge von %1 bis %2 ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (SKU %2)</source>
        <translation>%1 (SKU %2)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is out of stock: none available.</source>
        <translation>%1 ist ausverkauft: nichts verfügbar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only %1 of %2 available. Choose a quantity of at most %1.</source>
        <translation>Nur %1 von %2 verfügbar. Wählen Sie eine Menge von höchstens %1.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No product has the id %1. Choose a product from the catalog.</source>
        <translation>Kein Produkt hat die ID %1. Wählen Sie ein Produkt aus dem Katalog.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not for sale at the moment. Choose another product.</source>
        <translation>%1 ist derzeit nicht erhältlich. Wählen Sie ein anderes Produkt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 comes in several variants: choose one and send its variant_id.</source>
        <translation>%1 gibt es in mehreren Varianten: Wählen Sie eine und senden Sie ihre variant_id.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no variant with the id %2. Choose one of its variants.</source>
        <translation>%1 hat keine Variante mit der ID %2. Wählen Sie eine seiner Varianten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no variant for sale. Choose another product.</source>
        <translation>%1 hat keine erhältliche Variante. Wählen Sie ein anderes Produkt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not for sale at the moment. Choose another variant.</source>
        <translation>%1 ist derzeit nicht erhältlich. Wählen Sie eine andere Variante.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>A cart holds at most %1 of one item; %2 are already in it.</source>
        <translation>Ein Warenkorb fasst höchstens %1 Stück eines Artikels; %2 sind bereits darin.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1 is no longer for sale. Remove it from your cart.</source>
        <translation>%1 ist nicht mehr erhältlich. Entfernen Sie es aus Ihrem Warenkorb.</translation>
    </message>
</context>
<context>
    <name>OpenApi</name>
    <message>
        <location filename="../api/OpenApi.cpp" line="+28"/>
        <source>The API description %1 is not valid: %2.</source>
        <translation>Die API-Beschreibung %1 ist ungültig: %2.</translation>
    </message>
</context>
<context>
    <name>OrderDetailPanel</name>
    <message>
        <location filename="../ui/orders/OrderDetailPanel.cpp" line="+61"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Voided</source>
        <translation>Storniert</translation>
    </message>
</context>
<context>
    <name>OrderDetails</name>
    <message>
        <location filename="../services/orders/OrderDetails.cpp" line="+22"/>
        <source>This order was not found. Reload the list of orders.</source>
        <translation>Diese Bestellung wurde nicht gefunden. Laden Sie die Bestellliste neu.</translation>
    </message>
</context>
<context>
    <name>OrderEvents</name>
    <message>
        <location filename="../services/orders/OrderEvents.cpp" line="+31"/>
        <source>Order %1 does not exist. Refresh the list.</source>
        <translation>Bestellung %1 existiert nicht. Aktualisieren Sie die Liste.</translation>
    </message>
</context>
<context>
    <name>OrderSearch</name>
    <message>
        <location filename="../services/orders/OrderSearch.cpp" line="+62"/>
        <source>The lowest amount is above the highest amount. Swap them or clear one.</source>
        <translation>Der Mindestbetrag liegt über dem Höchstbetrag. Tauschen Sie sie oder leeren Sie einen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The first day is after the last day. Swap them or clear one.</source>
        <translation>Der erste Tag liegt nach dem letzten Tag. Tauschen Sie sie oder leeren Sie einen.</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In store</source>
        <translation>Im Laden</translation>
    </message>
</context>
<context>
    <name>OrderService</name>
    <message>
        <location filename="../services/orders/OnlineCart.cpp" line="+21"/>
        <source>This customer does not exist or is switched off. Choose another customer.</source>
        <translation>Dieser Kunde existiert nicht oder ist deaktiviert. Wählen Sie einen anderen Kunden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter a quantity of at least 1 for every item.</source>
        <translation>Geben Sie für jeden Artikel eine Menge von mindestens 1 ein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../services/orders/OnlineOrderWriter.cpp" line="+274"/>
        <source>The cart is empty. Add an item first.</source>
        <translation>Der Warenkorb ist leer. Fügen Sie zuerst einen Artikel hinzu.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>An item of the cart is no longer sold. Remove it and try again.</source>
        <translation>Ein Artikel im Warenkorb wird nicht mehr verkauft. Entfernen Sie ihn und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../services/orders/OnlineOrderWriter.cpp" line="-173"/>
        <source>This cart no longer exists. Add the items to your cart again.</source>
        <translation>Dieser Warenkorb existiert nicht mehr. Legen Sie die Artikel erneut in Ihren Warenkorb.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is a register&apos;s sale, not an online cart. Complete it at the register.</source>
        <translation>Dies ist ein Verkauf an einer Kasse, kein Online-Warenkorb. Schließen Sie ihn an der Kasse ab.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This cart has already been ordered. Look for the order in the order list.</source>
        <translation>Dieser Warenkorb wurde bereits bestellt. Suchen Sie die Bestellung in der Bestellliste.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This cart was emptied or set aside. Add the items to a new cart.</source>
        <translation>Dieser Warenkorb wurde geleert oder zurückgestellt. Legen Sie die Artikel in einen neuen Warenkorb.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (SKU %2): %3 ordered, %4 left</source>
        <translation>%1 (SKU %2): %3 bestellt, %4 übrig</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (SKU %2): no longer sold</source>
        <translation>%1 (SKU %2): nicht mehr im Verkauf</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not enough stock for this order: %1. Lower the quantities or remove these items.</source>
        <translation>Nicht genügend Bestand für diese Bestellung: %1. Verringern Sie die Mengen oder entfernen Sie diese Artikel.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The cart&apos;s prices do not match its lines. Open the cart again.</source>
        <translation>Die Preise des Warenkorbs passen nicht zu seinen Zeilen. Öffnen Sie den Warenkorb erneut.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>street and house number</source>
        <translation>Straße und Hausnummer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>city</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>state or region</source>
        <translation>Bundesland oder Region</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>postal code</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the %1 of the billing address.</source>
        <translation>Geben Sie bei der Rechnungsadresse das Feld „%1“ ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the %1 of the shipping address.</source>
        <translation>Geben Sie bei der Lieferadresse das Feld „%1“ ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The %1 of the billing address may be at most %2 characters long.</source>
        <translation>Das Feld „%1“ der Rechnungsadresse darf höchstens %2 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The %1 of the shipping address may be at most %2 characters long.</source>
        <translation>Das Feld „%1“ der Lieferadresse darf höchstens %2 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+20"/>
        <location filename="../services/orders/OrderService.cpp" line="+61"/>
        <source>The note may be at most %1 characters long.</source>
        <translation>Die Notiz darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The online order numbers are missing. Run storekeeper check.</source>
        <translation>Die Nummern der Online-Bestellungen fehlen. Führen Sie „storekeeper check“ aus.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Placed online.</source>
        <translation>Online aufgegeben.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Enter the amount the card was charged.</source>
        <translation>Geben Sie den Betrag ein, mit dem die Karte belastet wurde.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the payment gateway&apos;s reference of the charge (at most %1 characters).</source>
        <translation>Geben Sie die Referenz des Zahlungsanbieters für die Belastung ein (höchstens %1 Zeichen).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The card brand may be at most %1 characters long.</source>
        <translation>Die Kartenmarke darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter only the last four digits of the card, never the whole number.</source>
        <translation>Geben Sie nur die letzten vier Ziffern der Karte ein, nie die ganze Nummer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The payment&apos;s idempotency key may be at most %1 characters long.</source>
        <translation>Der Idempotenzschlüssel der Zahlung darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This payment is already recorded for another order or amount. Check the gateway&apos;s reference.</source>
        <translation>Diese Zahlung ist bereits für eine andere Bestellung oder einen anderen Betrag erfasst. Prüfen Sie die Referenz des Zahlungsanbieters.</translation>
    </message>
    <message>
        <location line="+16"/>
        <location filename="../services/orders/OrderCancellation.cpp" line="+43"/>
        <location filename="../services/orders/OrderService.cpp" line="+24"/>
        <location filename="../services/orders/OrderStatusWriter.cpp" line="+32"/>
        <source>Order %1 does not exist. Refresh the list and choose it again.</source>
        <translation>Bestellung %1 existiert nicht. Aktualisieren Sie die Liste und wählen Sie sie erneut.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sales at the register are paid at the register.</source>
        <translation>Verkäufe an der Kasse werden an der Kasse bezahlt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is %2 and takes no more payments.</source>
        <translation>Bestellung %1 ist %2 und nimmt keine Zahlungen mehr an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is in %2; record the payment in %2.</source>
        <translation>Bestellung %1 lautet auf %2; erfassen Sie die Zahlung in %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only %1 is still due on order %2, less than the %3 charged. Refund the difference at the gateway.</source>
        <translation>Für Bestellung %2 ist nur noch %1 offen, weniger als die belasteten %3. Erstatten Sie die Differenz beim Zahlungsanbieter.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Another payment for order %1 was recorded a moment ago. Refresh the order and try again.</source>
        <translation>Eine weitere Zahlung für Bestellung %1 wurde gerade erfasst. Aktualisieren Sie die Bestellung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../services/orders/OrderCancellation.cpp" line="+199"/>
        <source>A payment of this order was refunded a moment ago. Refresh the order and try again.</source>
        <translation>Eine Zahlung dieser Bestellung wurde gerade erstattet. Aktualisieren Sie die Bestellung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Items of this order were returned a moment ago. Refresh the order and try again.</source>
        <translation>Artikel dieser Bestellung wurden gerade zurückgegeben. Aktualisieren Sie die Bestellung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This order was refunded a moment ago. Refresh the order and try again.</source>
        <translation>Diese Bestellung wurde gerade erstattet. Aktualisieren Sie die Bestellung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Everything paid for the cancelled order has been given back.</source>
        <translation>Alles, was für die stornierte Bestellung bezahlt wurde, ist zurückerstattet.</translation>
    </message>
    <message>
        <location filename="../services/orders/OrderService.cpp" line="-33"/>
        <source>Vendors see the orders of their own products but may not change them. Ask an administrator to change this order.</source>
        <translation>Händler sehen die Bestellungen ihrer eigenen Produkte, dürfen sie aber nicht ändern. Bitten Sie einen Administrator, diese Bestellung zu ändern.</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>Enter the payment token the payment service gave for the card.</source>
        <translation>Geben Sie das Zahlungstoken ein, das der Zahlungsdienst für die Karte ausgegeben hat.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The payment token must be at most %1 printable characters without spaces.</source>
        <translation>Das Zahlungstoken darf höchstens %1 druckbare Zeichen ohne Leerzeichen lang sein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Never send a card number: send the payment token the payment service gave for the card.</source>
        <translation>Senden Sie niemals eine Kartennummer: Senden Sie das Zahlungstoken, das der Zahlungsdienst für die Karte ausgegeben hat.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The order is already paid. The card payment is kept for the shop to give back.</source>
        <translation>Die Bestellung ist bereits bezahlt. Die Kartenzahlung wird aufbewahrt, damit der Shop sie zurückerstatten kann.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Order %1 is not among your orders. Open your order list and choose it there.</source>
        <translation>Bestellung %1 gehört nicht zu Ihren Bestellungen. Öffnen Sie Ihre Bestellliste und wählen Sie sie dort aus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Order %1 has a status Storekeeper does not know. Run storekeeper check.</source>
        <translation>Bestellung %1 hat einen Status, den Storekeeper nicht kennt. Führen Sie storekeeper check aus.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Order %1 is being packed and can no longer be cancelled online: it can only become shipped. Contact the shop to stop it.</source>
        <translation>Bestellung %1 wird gerade verpackt und kann nicht mehr online storniert werden: Sie kann nur noch versendet werden. Wenden Sie sich an den Shop, um sie anzuhalten.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Ship order %1 with its carrier and tracking number.</source>
        <translation>Versenden Sie Bestellung %1 mit Versanddienstleister und Sendungsnummer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel order %1 with Cancel order: it releases the reserved stock and refunds what was paid.</source>
        <translation>Stornieren Sie Bestellung %1 mit „Bestellung stornieren“: Das gibt den reservierten Bestand frei und erstattet das Bezahlte.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order %1 becomes refunded when its money is given back: return its items, or cancel it.</source>
        <translation>Bestellung %1 wird zu „Erstattet“, wenn ihr Geld zurückgegeben wird: Nehmen Sie ihre Artikel zurück oder stornieren Sie sie.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter the carrier that takes the parcel (at most %1 characters).</source>
        <translation>Geben Sie den Versanddienstleister ein, der das Paket übernimmt (höchstens %1 Zeichen).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the parcel&apos;s tracking number (at most %1 characters).</source>
        <translation>Geben Sie die Sendungsnummer des Pakets ein (höchstens %1 Zeichen).</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your cart is empty. Add an item first.</source>
        <translation>Ihr Warenkorb ist leer. Fügen Sie zuerst einen Artikel hinzu.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Address %1 is not among your saved addresses. Choose one of yours or enter the address.</source>
        <translation>Adresse %1 gehört nicht zu Ihren gespeicherten Adressen. Wählen Sie eine Ihrer Adressen oder geben Sie die Adresse ein.</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+84"/>
        <source>Card payments are not available at the moment. Your cart is kept; try again later.</source>
        <translation>Kartenzahlungen sind derzeit nicht verfügbar. Ihr Warenkorb bleibt erhalten; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>The card was declined: %1. Your cart is kept: pay with another card.</source>
        <translation>Die Karte wurde abgelehnt: %1. Ihr Warenkorb bleibt erhalten: Zahlen Sie mit einer anderen Karte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The payment service has not confirmed the payment of order %1 yet. The order is kept with its items; look at it again in a moment: the card is never charged twice.</source>
        <translation>Der Zahlungsdienst hat die Zahlung von Bestellung %1 noch nicht bestätigt. Die Bestellung bleibt mit ihren Artikeln erhalten; sehen Sie gleich noch einmal nach: Die Karte wird nie doppelt belastet.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The payment service has not yet confirmed this order&apos;s card payment. Try again in a moment.</source>
        <translation>Der Zahlungsdienst hat die Kartenzahlung dieser Bestellung noch nicht bestätigt. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The payment was interrupted before the payment service received it; the card was not charged.</source>
        <translation>Die Zahlung wurde unterbrochen, bevor der Zahlungsdienst sie erhielt; die Karte wurde nicht belastet.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Cancelled by the customer.</source>
        <translation>Vom Kunden storniert.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The order is cancelled and its stock released, but the card refund of %1 was declined: %2. Cancel the order again to try the card again, or give the money back at a register.</source>
        <translation>Die Bestellung ist storniert und ihr Bestand freigegeben, aber die Kartenerstattung über %1 wurde abgelehnt: %2. Stornieren Sie die Bestellung erneut, um die Karte noch einmal zu versuchen, oder zahlen Sie das Geld an einer Kasse aus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The order is cancelled and its stock released, but the card refund of %1 could not reach the payment gateway. It is kept and sent again with the same key: cancel the order again in a moment.</source>
        <translation>Die Bestellung ist storniert und ihr Bestand freigegeben, aber die Kartenerstattung über %1 hat den Zahlungsanbieter nicht erreicht. Sie wird aufbewahrt und mit demselben Schlüssel erneut gesendet: Stornieren Sie die Bestellung gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../services/orders/OrderStatusWriter.cpp" line="+6"/>
        <source>Order %1 has an unknown status. Run storekeeper check.</source>
        <translation>Bestellung %1 hat einen unbekannten Status. Führen Sie „storekeeper check“ aus.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Someone changed this order a moment ago. Refresh it and try again.</source>
        <translation>Jemand hat diese Bestellung gerade geändert. Aktualisieren Sie sie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../services/orders/OnlinePaymentRecovery.cpp" line="+45"/>
        <source>The card payment did not go through; nothing was charged.</source>
        <translation>Die Kartenzahlung ist nicht zustande gekommen; es wurde nichts belastet.</translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <location filename="../services/orders/OrderStatus.cpp" line="+26"/>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Processing</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shipped</source>
        <translation>Versandt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The order is %1, and refunded is final: its status cannot change any more.</source>
        <translation>Die Bestellung ist %1, und „Erstattet“ ist endgültig: Ihr Status kann sich nicht mehr ändern.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>An order that is %1 cannot become %2. It can only become %3.</source>
        <translation>Eine Bestellung im Status %1 kann nicht zu %2 werden. Sie kann nur zu %3 werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <location filename="../services/auth/PasswordHasher.cpp" line="+321"/>
        <source>Storekeeper is set up with password settings it cannot use. Ask whoever maintains this installation to correct them.</source>
        <translation>Storekeeper ist mit Passworteinstellungen eingerichtet, die es nicht verwenden kann. Bitten Sie die Person, die diese Installation betreut, sie zu korrigieren.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The password could not be saved because the system has no random numbers to spare. Try again in a moment.</source>
        <translation>Das Passwort konnte nicht gespeichert werden, weil dem System gerade keine Zufallszahlen zur Verfügung stehen. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The password could not be saved, probably for lack of memory. Close other programs and try again.</source>
        <translation>Das Passwort konnte nicht gespeichert werden, wahrscheinlich aus Mangel an Arbeitsspeicher. Schließen Sie andere Programme und versuchen Sie es erneut.</translation>
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
        <translation>Wählen Sie ein Passwort, das nicht nur aus Leerzeichen besteht.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Choose a password of at least %n characters.</source>
        <translation>
            <numerusform>Wählen Sie ein Passwort mit mindestens %n Zeichen.</numerusform>
            <numerusform>Wählen Sie ein Passwort mit mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Choose a password of at most %n characters.</source>
        <translation>
            <numerusform>Wählen Sie ein Passwort mit höchstens %n Zeichen.</numerusform>
            <numerusform>Wählen Sie ein Passwort mit höchstens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This password is one of the most common and easy to guess. Choose a different one.</source>
        <translation>Dieses Passwort gehört zu den häufigsten und ist leicht zu erraten. Wählen Sie ein anderes.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose a password that does not contain your e-mail address or the name before its @.</source>
        <translation>Wählen Sie ein Passwort, das weder Ihre E-Mail-Adresse noch den Namen vor dem @ enthält.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Use only the digits 0 to 9 in a PIN, without spaces or letters.</source>
        <translation>Verwenden Sie in einer PIN nur die Ziffern 0 bis 9, ohne Leerzeichen oder Buchstaben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a PIN of %1 to %2 digits.</source>
        <translation>Geben Sie eine PIN mit %1 bis %2 Ziffern ein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a PIN that does not repeat one digit, such as 1111.</source>
        <translation>Wählen Sie eine PIN, die nicht nur eine Ziffer wiederholt, wie etwa 1111.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a PIN that does not count up or down, such as 1234 or 4321.</source>
        <translation>Wählen Sie eine PIN, die nicht auf- oder absteigend zählt, wie etwa 1234 oder 4321.</translation>
    </message>
</context>
<context>
    <name>PaymentService</name>
    <message>
        <location filename="../services/payments/PaymentService.cpp" line="+87"/>
        <source>This payment no longer exists. Reload the sale.</source>
        <translation>Diese Zahlung existiert nicht mehr. Laden Sie den Verkauf neu.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This sale is no longer open at the register. Recall it or start a new sale.</source>
        <translation>Dieser Verkauf ist an der Kasse nicht mehr offen. Nehmen Sie ihn wieder auf oder beginnen Sie einen neuen Verkauf.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Nothing is left to pay on this sale. Finish the sale, or add items first.</source>
        <translation>Für diesen Verkauf ist nichts mehr zu bezahlen. Schließen Sie den Verkauf ab oder fügen Sie zuerst Artikel hinzu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This sale is in %1; enter the amount in %1, not %2.</source>
        <translation>Dieser Verkauf ist in %1; geben Sie den Betrag in %1 ein, nicht in %2.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The card was declined. Ask for another card or another way to pay.</source>
        <translation>Die Karte wurde abgelehnt. Bitten Sie um eine andere Karte oder eine andere Zahlungsart.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card was declined: %1. Ask for another card or another way to pay.</source>
        <translation>Die Karte wurde abgelehnt: %1. Bitten Sie um eine andere Karte oder eine andere Zahlungsart.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The card payment is still waiting for the customer or the bank. Press Retry to ask again: the card will not be charged twice.</source>
        <translation>Die Kartenzahlung wartet noch auf den Kunden oder die Bank. Drücken Sie „Erneut versuchen“, um erneut nachzufragen: Die Karte wird nicht doppelt belastet.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>This refund no longer exists. Open the receipt again.</source>
        <translation>Diese Erstattung existiert nicht mehr. Öffnen Sie den Kassenbon erneut.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Enter the cash the customer handed over: an amount above zero.</source>
        <translation>Geben Sie das Bargeld ein, das der Kunde übergeben hat: einen Betrag über null.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Enter the amount to take by card: above zero and at most what is due.</source>
        <translation>Geben Sie den Betrag ein, der per Karte bezahlt wird: über null und höchstens der fällige Betrag.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+32"/>
        <location line="+120"/>
        <source>No payment service is set up. Ask an administrator to enter the gateway&apos;s address in Settings, or take cash.</source>
        <translation>Es ist kein Zahlungsdienst eingerichtet. Bitten Sie einen Administrator, die Adresse des Gateways in den Einstellungen einzugeben, oder nehmen Sie Bargeld an.</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>The card payment of %1 is more than the %2 still due. Enter %2 or less.</source>
        <translation>Die Kartenzahlung von %1 ist höher als die noch fälligen %2. Geben Sie %2 oder weniger ein.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Only card payments are sent to the payment service.</source>
        <translation>Nur Kartenzahlungen werden an den Zahlungsdienst gesendet.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This card payment is already closed (%1). Start a new card payment.</source>
        <translation>Diese Kartenzahlung ist bereits abgeschlossen (%1). Starten Sie eine neue Kartenzahlung.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This card payment is already with the payment service. Wait for its answer.</source>
        <translation>Diese Kartenzahlung liegt bereits beim Zahlungsdienst. Warten Sie auf die Antwort.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>This payment belongs to a finished sale. Give the money back with a return instead.</source>
        <translation>Diese Zahlung gehört zu einem abgeschlossenen Verkauf. Erstatten Sie das Geld stattdessen über eine Rückgabe.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This payment has already been refunded.</source>
        <translation>Diese Zahlung wurde bereits erstattet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This card payment is still with the payment service. Wait for its answer, then void it.</source>
        <translation>Diese Kartenzahlung liegt noch beim Zahlungsdienst. Warten Sie auf die Antwort und stornieren Sie sie dann.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The payment service charged another amount than this payment&apos;s. Ask an administrator to check the payment at the payment service.</source>
        <translation>Der Zahlungsdienst hat einen anderen Betrag belastet als den dieser Zahlung. Bitten Sie einen Administrator, die Zahlung beim Zahlungsdienst zu prüfen.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The payment service refused to give the card payment back: %1. Finish the sale, or ask an administrator.</source>
        <translation>Der Zahlungsdienst hat die Rückbuchung der Kartenzahlung abgelehnt: %1. Schließen Sie den Verkauf ab oder wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service has not yet confirmed giving the card payment back. Press Void again in a moment: it will not be refunded twice.</source>
        <translation>Der Zahlungsdienst hat die Rückbuchung der Kartenzahlung noch nicht bestätigt. Drücken Sie gleich noch einmal „Stornieren“: Es wird nicht doppelt erstattet.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This payment changed meanwhile. Reload the sale and try again.</source>
        <translation>Diese Zahlung hat sich inzwischen geändert. Laden Sie den Verkauf neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>The card payment was interrupted before the payment service received it; the card was not charged. Take the payment again.</source>
        <translation>Die Kartenzahlung wurde unterbrochen, bevor der Zahlungsdienst sie erhalten hat; die Karte wurde nicht belastet. Nehmen Sie die Zahlung erneut entgegen.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>the refund was interrupted before the payment service received it</source>
        <translation>die Erstattung wurde unterbrochen, bevor der Zahlungsdienst sie erhalten hat</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>This card refund was declined. Give the money back in cash, or try the card again from the receipt.</source>
        <translation>Diese Kartenerstattung wurde abgelehnt. Erstatten Sie das Geld bar oder versuchen Sie es vom Kassenbon aus erneut mit der Karte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No payment service is set up. Ask an administrator to enter the gateway&apos;s address in Settings, or refund in cash.</source>
        <translation>Es ist kein Zahlungsdienst eingerichtet. Bitten Sie einen Administrator, die Adresse des Gateways in den Einstellungen einzugeben, oder erstatten Sie bar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This refund is already with the payment service. Wait for its answer.</source>
        <translation>Diese Erstattung liegt bereits beim Zahlungsdienst. Warten Sie auf die Antwort.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The payment service has not yet confirmed the refund. It is sent again with the same key later; the card will not be refunded twice.</source>
        <translation>Der Zahlungsdienst hat die Erstattung noch nicht bestätigt. Sie wird später mit demselben Schlüssel erneut gesendet; die Karte wird nicht doppelt erstattet.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The card refund was declined: %1. Give the money back in cash, or try the card again.</source>
        <translation>Die Kartenerstattung wurde abgelehnt: %1. Erstatten Sie das Geld bar oder versuchen Sie es erneut mit der Karte.</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <location filename="../services/auth/Permissions.cpp" line="+49"/>
        <source>Sign in first.</source>
        <translation>Bitte melden Sie sich zuerst an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your role (%1) may not do this (%2). Ask an administrator.</source>
        <translation>Ihre Rolle (%1) darf das nicht (%2). Wenden Sie sich an einen Administrator.</translation>
    </message>
</context>
<context>
    <name>Pricing</name>
    <message>
        <location filename="../services/sales/Pricing.cpp" line="+20"/>
        <source>The amounts in this sale are too large to add up. Check the quantities and prices.</source>
        <translation>Die Beträge in diesem Verkauf sind zu groß, um sie zu addieren. Prüfen Sie die Mengen und Preise.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (SKU %2)</source>
        <translation>%1 (SKU %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The discount on %1 is negative. Enter a discount of zero or more.</source>
        <translation>Der Rabatt auf %1 ist negativ. Geben Sie einen Rabatt von null oder mehr ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The discount on %1 is above 100 %. Enter at most 100 %.</source>
        <translation>Der Rabatt auf %1 liegt über 100 %. Geben Sie höchstens 100 % ein.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The discount of %1 on %2 is more than its %3. Enter a smaller discount.</source>
        <translation>Der Rabatt von %1 auf %2 ist höher als %3. Geben Sie einen kleineren Rabatt ein.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The shop&apos;s currency &quot;%1&quot; is not a three-letter ISO code. Correct it in Settings.</source>
        <translation>Die Währung des Ladens „%1“ ist kein dreistelliger ISO-Code. Korrigieren Sie sie in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The price of %1 is not in %2, the shop&apos;s currency. Remove the item and add it again.</source>
        <translation>Der Preis von %1 ist nicht in %2, der Währung des Ladens. Entfernen Sie den Artikel und fügen Sie ihn erneut hinzu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The price of %1 is negative. Enter a price of zero or more.</source>
        <translation>Der Preis von %1 ist negativ. Geben Sie einen Preis von null oder mehr ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The quantity of %1 must be at least 1.</source>
        <translation>Die Menge von %1 muss mindestens 1 betragen.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>the whole sale</source>
        <translation>den gesamten Verkauf</translation>
    </message>
</context>
<context>
    <name>ProductCountText</name>
    <message>
        <location filename="../ui/catalog/ProductCountText.cpp" line="+11"/>
        <source>1 product</source>
        <translation>1 Produkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 products</source>
        <translation>%1 Produkte</translation>
    </message>
</context>
<context>
    <name>ProductEditCommands</name>
    <message>
        <location filename="../ui/catalog/ProductEditCommands.cpp" line="+51"/>
        <source>edit %1 of variant %2</source>
        <translation>%1 von Variante %2 bearbeiten</translation>
    </message>
</context>
<context>
    <name>ProductExport</name>
    <message>
        <location filename="../services/catalog/ProductExport.cpp" line="+199"/>
        <source>The file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Die Datei %1 kann nicht geschrieben werden. Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+117"/>
        <source>Writing %1 failed: %2 Nothing was exported; check the disk and try again.</source>
        <translation>Das Schreiben von %1 ist fehlgeschlagen: %2 Es wurde nichts exportiert; prüfen Sie das Laufwerk und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>The export was cancelled; no file was written.</source>
        <translation>Der Export wurde abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>%1 images were stored without a web address and are not in the file: a CSV file can only name a picture by its address.</source>
        <translation>%1 Bilder wurden ohne Webadresse gespeichert und sind nicht in der Datei: Eine CSV-Datei kann ein Bild nur über seine Adresse angeben.</translation>
    </message>
</context>
<context>
    <name>ProductImageService</name>
    <message>
        <location filename="../services/catalog/ProductImageService.cpp" line="+34"/>
        <source>The product no longer exists (number %1), or it belongs to another vendor. Refresh the list.</source>
        <translation>Das Produkt existiert nicht mehr (Nummer %1) oder gehört zu einem anderen Händler. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The picture no longer exists (number %1). Reopen the product.</source>
        <translation>Das Bild existiert nicht mehr (Nummer %1). Öffnen Sie das Produkt erneut.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Someone else changed the pictures of this product after you opened it. Reopen the product to see their changes, then make yours again.</source>
        <translation>Jemand anderes hat die Bilder dieses Produkts geändert, nachdem Sie es geöffnet haben. Öffnen Sie das Produkt erneut, um die Änderungen zu sehen, und nehmen Sie Ihre dann noch einmal vor.</translation>
    </message>
    <message>
        <location line="+145"/>
        <location line="+151"/>
        <source>A product may have at most %1 pictures. Remove one before adding another.</source>
        <translation>Ein Produkt darf höchstens %1 Bilder haben. Entfernen Sie eines, bevor Sie ein weiteres hinzufügen.</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>Choose a picture file (PNG, JPEG, WebP or GIF).</source>
        <translation>Wählen Sie eine Bilddatei (PNG, JPEG, WebP oder GIF).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The picture is too large (%1 MB). Pictures may have at most %2 MB; save it smaller and add it again.</source>
        <translation>Das Bild ist zu groß (%1 MB). Bilder dürfen höchstens %2 MB groß sein; speichern Sie es kleiner und fügen Sie es erneut hinzu.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file is not a picture Storekeeper can store. Use a PNG, JPEG, WebP or GIF file.</source>
        <translation>Die Datei ist kein Bild, das Storekeeper speichern kann. Verwenden Sie eine PNG-, JPEG-, WebP- oder GIF-Datei.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The picture is marked as %1 but its content is %2. Save it again as a PNG, JPEG, WebP or GIF file and add it again.</source>
        <translation>Das Bild ist als %1 gekennzeichnet, sein Inhalt ist aber %2. Speichern Sie es erneut als PNG-, JPEG-, WebP- oder GIF-Datei und fügen Sie es erneut hinzu.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pictures of type %1 cannot be stored. Use a PNG, JPEG, WebP or GIF file.</source>
        <translation>Bilder vom Typ %1 können nicht gespeichert werden. Verwenden Sie eine PNG-, JPEG-, WebP- oder GIF-Datei.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The preview of the picture is too large. Add the picture again.</source>
        <translation>Die Vorschau des Bildes ist zu groß. Fügen Sie das Bild erneut hinzu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The preview of the picture is not a picture. Add the picture again.</source>
        <translation>Die Vorschau des Bildes ist kein Bild. Fügen Sie das Bild erneut hinzu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+70"/>
        <location line="+184"/>
        <source>A picture&apos;s description may have at most %1 characters (this one has %2).</source>
        <translation>Die Beschreibung eines Bildes darf höchstens %1 Zeichen haben (diese hat %2).</translation>
    </message>
    <message>
        <location line="-249"/>
        <source>A picture&apos;s web address may have at most %1 characters.</source>
        <translation>Die Webadresse eines Bildes darf höchstens %1 Zeichen haben.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The same picture is listed twice. Reopen the product.</source>
        <translation>Dasselbe Bild ist zweimal aufgeführt. Öffnen Sie das Produkt erneut.</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>The preview of the picture is not a small picture. Add the picture again.</source>
        <translation>Die Vorschau des Bildes ist kein kleines Bild. Fügen Sie das Bild erneut hinzu.</translation>
    </message>
</context>
<context>
    <name>ProductImages</name>
    <message>
        <location filename="../models/ProductImages.cpp" line="+17"/>
        <source>%1 is too large: pictures may have at most %2 MB. Save it smaller and add it again.</source>
        <translation>%1 ist zu groß: Bilder dürfen höchstens %2 MB groß sein. Speichern Sie das Bild kleiner und fügen Sie es erneut hinzu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Storekeeper cannot read %1. Check that the file exists and that you may open it.</source>
        <translation>Storekeeper kann %1 nicht lesen. Prüfen Sie, ob die Datei existiert und ob Sie sie öffnen dürfen.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The picture cannot be read; the file may be damaged. Save it again and add it again.</source>
        <translation>Das Bild kann nicht gelesen werden; die Datei ist möglicherweise beschädigt. Speichern Sie es erneut und fügen Sie es erneut hinzu.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Pictures (*.png *.jpg *.jpeg *.webp *.gif)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.webp *.gif)</translation>
    </message>
</context>
<context>
    <name>ProductImport</name>
    <message>
        <location filename="../services/catalog/ProductImport.cpp" line="+177"/>
        <source>The file %1 cannot be read. Check the name and that you may read it.</source>
        <translation>Die Datei %1 kann nicht gelesen werden. Prüfen Sie den Namen und ob Sie sie lesen dürfen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The report file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Die Berichtsdatei %1 kann nicht geschrieben werden. Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The file&apos;s first line does not name the columns of a product file (such as &quot;handle&quot;, &quot;name&quot;, &quot;sku&quot;, &quot;price&quot; or Shopify&apos;s &quot;Handle&quot;, &quot;Title&quot;, &quot;Variant SKU&quot;). Check the file, or say which format it is with --format.</source>
        <translation>Die erste Zeile der Datei benennt nicht die Spalten einer Produktdatei (etwa &quot;handle&quot;, &quot;name&quot;, &quot;sku&quot;, &quot;price&quot; oder bei Shopify &quot;Handle&quot;, &quot;Title&quot;, &quot;Variant SKU&quot;). Prüfen Sie die Datei oder geben Sie das Format mit --format an.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The file has no column &quot;%1&quot;, which a product file in the %2 format needs. Add it, or check that the format is right.</source>
        <translation>Der Datei fehlt die Spalte „%1“, die eine Produktdatei im Format %2 braucht. Fügen Sie sie hinzu oder prüfen Sie, ob das Format stimmt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>These columns are not part of the %1 format and were ignored: %2.</source>
        <translation>Diese Spalten gehören nicht zum Format %1 und wurden ignoriert: %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The column &quot;%1&quot; was ignored: an import does not change stock. Receive the goods or count them on the Inventory page.</source>
        <translation>Die Spalte „%1“ wurde ignoriert: Ein Import ändert keine Bestände. Buchen Sie einen Wareneingang oder zählen Sie den Bestand auf der Seite Lager.</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts importiert.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The file could not be read past line %1, where this product&apos;s rows may go on.</source>
        <translation>Die Datei konnte nicht über Zeile %1 hinaus gelesen werden, wo die Zeilen dieses Produkts weitergehen könnten.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>A product may have at most %1 rows; this one has more. Split it into several products.</source>
        <translation>Ein Produkt darf höchstens %1 Zeilen haben; dieses hat mehr. Teilen Sie es in mehrere Produkte auf.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Not imported because line %1 of the same product was rejected.</source>
        <translation>Nicht importiert, weil Zeile %1 desselben Produkts abgelehnt wurde.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The handle &quot;%1&quot; needs at least one letter or digit.</source>
        <translation>Der Handle „%1“ braucht mindestens einen Buchstaben oder eine Ziffer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The rows of the handle &quot;%1&quot; must follow each other, but it already appeared on line %2. Move its rows together.</source>
        <translation>Die Zeilen des Handles „%1“ müssen aufeinander folgen, er kam aber bereits in Zeile %2 vor. Stellen Sie seine Zeilen zusammen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter the product&apos;s handle in the column &quot;%1&quot;.</source>
        <translation>Geben Sie den Handle des Produkts in der Spalte „%1“ ein.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter the product&apos;s name in the column &quot;%1&quot; of its first row.</source>
        <translation>Geben Sie den Namen des Produkts in der Spalte „%1“ seiner ersten Zeile ein.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The column &quot;%1&quot; differs from line %2 of the same product. Leave it empty on later rows or repeat it exactly.</source>
        <translation>Die Spalte „%1“ weicht von Zeile %2 desselben Produkts ab. Lassen Sie sie in späteren Zeilen leer oder wiederholen Sie sie genau.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The status &quot;%1&quot; is not one of active, inactive, out_of_stock or discontinued.</source>
        <translation>Der Status „%1“ ist keiner von active, inactive, out_of_stock oder discontinued.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The status &quot;%1&quot; is not one of Shopify&apos;s active, draft or archived.</source>
        <translation>Der Status „%1“ ist keiner der Shopify-Status active, draft oder archived.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The column &quot;%1&quot; must be TRUE or FALSE, not &quot;%2&quot;.</source>
        <translation>Die Spalte „%1“ muss TRUE oder FALSE enthalten, nicht „%2“.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The column &quot;%1&quot; must hold a JSON object such as {&quot;material&quot;: &quot;linen&quot;}.</source>
        <translation>Die Spalte „%1“ muss ein JSON-Objekt enthalten, etwa {&quot;material&quot;: &quot;linen&quot;}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This row has neither a variant (a SKU and a price) nor an image. Fill it in or remove it.</source>
        <translation>Diese Zeile hat weder eine Variante (eine SKU und einen Preis) noch ein Bild. Füllen Sie sie aus oder entfernen Sie sie.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The SKU &quot;%1&quot; is also on line %2. Give each variant its own SKU.</source>
        <translation>Die SKU „%1“ steht auch in Zeile %2. Geben Sie jeder Variante ihre eigene SKU.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The barcode %1 is also on line %2. Each variant needs its own.</source>
        <translation>Der Barcode %1 steht auch in Zeile %2. Jede Variante braucht ihren eigenen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The option name &quot;%1&quot; differs from &quot;%2&quot; on line %3. Every variant of a product has the same options.</source>
        <translation>Der Optionsname „%1“ weicht von „%2“ in Zeile %3 ab. Alle Varianten eines Produkts haben dieselben Optionen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The option value &quot;%1&quot; has no name. Name the option (such as Size) in the column &quot;%2&quot; of the product&apos;s first row.</source>
        <translation>Der Optionswert „%1“ hat keinen Namen. Benennen Sie die Option (etwa Größe) in der Spalte „%2“ der ersten Zeile des Produkts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a value for the option &quot;%1&quot; in the column &quot;%2&quot;.</source>
        <translation>Geben Sie einen Wert für die Option „%1“ in der Spalte „%2“ ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Line %1 is already a variant of this product without options. A product with several variants needs options (such as size) that tell them apart.</source>
        <translation>Zeile %1 ist bereits eine Variante dieses Produkts ohne Optionen. Ein Produkt mit mehreren Varianten braucht Optionen (etwa Größe), die sie unterscheiden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line %1 already has these options. Each combination of options may appear only once.</source>
        <translation>Zeile %1 hat bereits diese Optionen. Jede Kombination von Optionen darf nur einmal vorkommen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the variant&apos;s price in the column &quot;%1&quot;.</source>
        <translation>Geben Sie den Preis der Variante in der Spalte „%1“ ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The %1 &quot;%2&quot; is not an amount in %3. Enter it like 19.99.</source>
        <translation>Der %1 „%2“ ist kein Betrag in %3. Geben Sie ihn in der Form 19.99 ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 cannot be negative.</source>
        <translation>Der %1 darf nicht negativ sein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The weight &quot;%1&quot; in the column &quot;%2&quot; must be a whole number of grams, 0 or more.</source>
        <translation>Das Gewicht „%1“ in der Spalte „%2“ muss eine ganze Zahl von Gramm sein, 0 oder mehr.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The column &quot;%1&quot; must be true or false, not &quot;%2&quot;.</source>
        <translation>Die Spalte „%1“ muss true oder false enthalten, nicht „%2“.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The product &quot;%1&quot; has no variant: give at least one of its rows a SKU and a price.</source>
        <translation>Das Produkt „%1“ hat keine Variante: Geben Sie mindestens einer seiner Zeilen eine SKU und einen Preis.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The image position &quot;%1&quot; must be a whole number from 1.</source>
        <translation>Die Bildposition „%1“ muss eine ganze Zahl ab 1 sein.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The image %1 cannot be read. Give a web address (https://...) or the path of a picture file (relative to the CSV file&apos;s folder).</source>
        <translation>Das Bild %1 kann nicht gelesen werden. Geben Sie eine Webadresse (https://...) oder den Pfad einer Bilddatei an (relativ zum Ordner der CSV-Datei).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The image %1 is larger than %2 MB. Use a smaller picture.</source>
        <translation>Das Bild %1 ist größer als %2 MB. Verwenden Sie ein kleineres Bild.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The image %1 is not a PNG, JPEG, GIF or WebP picture.</source>
        <translation>Das Bild %1 ist kein PNG-, JPEG-, GIF- oder WebP-Bild.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The SKU &quot;%1&quot; already belongs to another product (as &quot;%2&quot;; SKUs ignore upper and lower case). Choose another SKU, or import it under that product&apos;s handle.</source>
        <translation>Die SKU „%1“ gehört bereits zu einem anderen Produkt (als „%2“; bei SKUs spielt Groß- und Kleinschreibung keine Rolle). Wählen Sie eine andere SKU oder importieren Sie sie unter dem Handle dieses Produkts.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The barcode %1 is already used by another product. Check the number.</source>
        <translation>Der Barcode %1 wird bereits von einem anderen Produkt verwendet. Prüfen Sie die Nummer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This product&apos;s handle or SKUs belong to a product you may not change. Vendors import only their own products; choose another handle and SKUs.</source>
        <translation>Handle oder SKUs dieses Produkts gehören zu einem Produkt, das Sie nicht ändern dürfen. Händler importieren nur ihre eigenen Produkte; wählen Sie einen anderen Handle und andere SKUs.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The vendor &quot;%1&quot; is not yours. Vendors import only their own products; leave the column empty or enter &quot;%2&quot;.</source>
        <translation>Der Händler „%1“ ist nicht Ihrer. Händler importieren nur ihre eigenen Produkte; lassen Sie die Spalte leer oder geben Sie „%2“ ein.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The category &quot;%1&quot; has an empty level. Write it like Clothing &gt; Men &gt; Shirts.</source>
        <translation>Die Kategorie „%1“ hat eine leere Ebene. Schreiben Sie sie in der Form Kleidung &gt; Herren &gt; Hemden.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The category &quot;%1&quot; does not exist. Ask an administrator to create it, or leave the column empty.</source>
        <translation>Die Kategorie „%1“ existiert nicht. Bitten Sie einen Administrator, sie anzulegen, oder lassen Sie die Spalte leer.</translation>
    </message>
</context>
<context>
    <name>ProductService</name>
    <message>
        <location filename="../services/catalog/CatalogScope.cpp" line="+27"/>
        <source>Your account is not linked to a vendor. Ask an administrator to link it.</source>
        <translation>Ihr Konto ist mit keinem Händler verknüpft. Bitten Sie einen Administrator, es zu verknüpfen.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductService.cpp" line="+47"/>
        <source>The product no longer exists (number %1), or it belongs to another vendor. Refresh the list.</source>
        <translation>Das Produkt existiert nicht mehr (Nummer %1) oder gehört zu einem anderen Händler. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Variant %1</source>
        <translation>Variante %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variant %1 (%2)</source>
        <translation>Variante %1 (%2)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: the %2 &quot;%3&quot; is not an amount. Enter it like 19.99.</source>
        <translation>%1: Der %2 „%3“ ist kein Betrag. Geben Sie ihn in der Form 19.99 ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the %2 cannot be negative.</source>
        <translation>%1: Der %2 darf nicht negativ sein.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter a name for the product.</source>
        <translation>Geben Sie einen Namen für das Produkt ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A product name may have at most %1 characters (this one has %2).</source>
        <translation>Ein Produktname darf höchstens %1 Zeichen haben (dieser hat %2).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The web name &quot;%1&quot; may contain only lower-case letters, digits and single hyphens, for example &quot;%2&quot;.</source>
        <translation>Der Webname „%1“ darf nur Kleinbuchstaben, Ziffern und einzelne Bindestriche enthalten, zum Beispiel „%2“.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A product needs at least one variant with a SKU and a price.</source>
        <translation>Ein Produkt braucht mindestens eine Variante mit einer SKU und einem Preis.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A product with several variants needs options (such as size or colour) that tell them apart.</source>
        <translation>Ein Produkt mit mehreren Varianten braucht Optionen (etwa Größe oder Farbe), die sie unterscheiden.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The SKU &quot;%1&quot; is used by two variants of this product. Give each variant its own SKU.</source>
        <translation>Die SKU „%1“ wird von zwei Varianten dieses Produkts verwendet. Geben Sie jeder Variante ihre eigene SKU.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The barcode %1 is used by two variants of this product. Each variant needs its own.</source>
        <translation>Der Barcode %1 wird von zwei Varianten dieses Produkts verwendet. Jede Variante braucht ihren eigenen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: every option needs a name and a text value, such as size L.</source>
        <translation>%1: Jede Option braucht einen Namen und einen Textwert, etwa Größe L.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: every variant must have the same options (%2).</source>
        <translation>%1: Jede Variante muss dieselben Optionen haben (%2).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Two variants have the same options (%1). Each combination may appear only once.</source>
        <translation>Zwei Varianten haben dieselben Optionen (%1). Jede Kombination darf nur einmal vorkommen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: enter a price.</source>
        <translation>%1: Geben Sie einen Preis ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>compare-at price</source>
        <translation>Vergleichspreis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cost</source>
        <translation>Einkaufspreis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: the weight cannot be negative.</source>
        <translation>%1: Das Gewicht darf nicht negativ sein.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+743"/>
        <source>The chosen category does not exist (number %1). Choose another one.</source>
        <translation>Die gewählte Kategorie existiert nicht (Nummer %1). Wählen Sie eine andere.</translation>
    </message>
    <message>
        <location line="-734"/>
        <source>The chosen vendor does not exist (number %1).</source>
        <translation>Der gewählte Händler existiert nicht (Nummer %1).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The SKU &quot;%1&quot; is already used by another product (as &quot;%2&quot;; SKUs ignore upper and lower case). Choose another SKU.</source>
        <translation>Die SKU „%1“ wird bereits von einem anderen Produkt verwendet (als „%2“; bei SKUs wird Groß- und Kleinschreibung nicht unterschieden). Wählen Sie eine andere SKU.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The barcode %1 is already used by another product. Check the number.</source>
        <translation>Der Barcode %1 wird bereits von einem anderen Produkt verwendet. Prüfen Sie die Nummer.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductImportWriter.cpp" line="-19"/>
        <location filename="../services/catalog/ProductService.cpp" line="+20"/>
        <source>Too many products share the web name &quot;%1&quot;. Enter a distinct web name.</source>
        <translation>Zu viele Produkte haben den Webnamen „%1“. Geben Sie einen eindeutigen Webnamen ein.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductService.cpp" line="+136"/>
        <source>Vendors may manage only their own products.</source>
        <translation>Händler dürfen nur ihre eigenen Produkte verwalten.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 (SKU %2) has stock movements and cannot be removed. Set the variant inactive or discontinue the product instead.</source>
        <translation>%1 (SKU %2) hat Lagerbewegungen und kann nicht entfernt werden. Setzen Sie stattdessen die Variante auf inaktiv oder lassen Sie das Produkt auslaufen.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>A new product cannot take over variants of another product.</source>
        <translation>Ein neues Produkt kann keine Varianten eines anderen Produkts übernehmen.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>enter a SKU.</source>
        <translation>geben Sie eine SKU ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a SKU may have at most %1 characters.</source>
        <translation>eine SKU darf höchstens %1 Zeichen haben.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the SKU &quot;%1&quot; may contain only letters A-Z, digits and punctuation, without spaces.</source>
        <translation>die SKU „%1“ darf nur Buchstaben A-Z, Ziffern und Satzzeichen enthalten, ohne Leerzeichen.</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>Someone else changed &quot;%1&quot; after you opened it. Reopen the product to see their changes, then make yours again.</source>
        <translation>Jemand anderes hat „%1“ geändert, nachdem Sie es geöffnet haben. Öffnen Sie das Produkt erneut, um die Änderungen zu sehen, und nehmen Sie Ihre dann noch einmal vor.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The variant %1 does not belong to this product. Reopen the product.</source>
        <translation>Die Variante %1 gehört nicht zu diesem Produkt. Öffnen Sie das Produkt erneut.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Another product already has the web name &quot;%1&quot;. Choose another one.</source>
        <translation>Ein anderes Produkt hat bereits den Webnamen „%1“. Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Select at least one product.</source>
        <translation>Wählen Sie mindestens ein Produkt aus.</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n of the selected products no longer exist or belong to another vendor. Nothing was changed; refresh the list and select again.</source>
        <translation>
            <numerusform>%n der ausgewählten Produkte existiert nicht mehr oder gehört zu einem anderen Händler. Es wurde nichts geändert; aktualisieren Sie die Liste und wählen Sie erneut aus.</numerusform>
            <numerusform>%n der ausgewählten Produkte existieren nicht mehr oder gehören zu einem anderen Händler. Es wurde nichts geändert; aktualisieren Sie die Liste und wählen Sie erneut aus.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>A price cannot be lowered by more than 100 %.</source>
        <translation>Ein Preis kann nicht um mehr als 100 % gesenkt werden.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&quot;%1&quot; is not an amount. Enter it like 5.00 or -5.00.</source>
        <translation>„%1“ ist kein Betrag. Geben Sie ihn in der Form 5.00 oder -5.00 ein.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The new price of %1 is too large.</source>
        <translation>Der neue Preis von %1 ist zu hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This change would take the price of %1 below zero (%2 %3 %4). Nothing was changed; choose a smaller amount or fewer products.</source>
        <translation>Diese Änderung würde den Preis von %1 unter null senken (%2 %3 %4). Es wurde nichts geändert; wählen Sie einen kleineren Betrag oder weniger Produkte.</translation>
    </message>
</context>
<context>
    <name>ProductStatus</name>
    <message>
        <location filename="../services/catalog/ProductStatus.cpp" line="+32"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of stock</source>
        <translation>Nicht vorrätig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discontinued</source>
        <translation>Ausgelaufen</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../services/receipts/ReceiptData.cpp" line="+34"/>
        <source>REFUND</source>
        <translation>ERSTATTUNG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RECEIPT</source>
        <translation>KASSENBON</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>REPRINT</source>
        <translation>NACHDRUCK</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receipt</source>
        <translation>Kassenbon</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="+81"/>
        <source>Register</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>Zwischensumme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="+5"/>
        <source>Discounts</source>
        <translation>Rabatte</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="-1"/>
        <source>Tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on</source>
        <translation>auf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REFUNDED</source>
        <translation>ERSTATTET</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TOTAL</source>
        <translation>SUMME</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tendered</source>
        <translation>Gegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="-40"/>
        <source>Z REPORT</source>
        <translation>Z-BERICHT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>X REPORT</source>
        <translation>X-BERICHT</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded tax</source>
        <translation>Erstattete Steuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>Eingenommen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net</source>
        <translation>Netto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening float</source>
        <translation>Anfangsbestand Wechselgeld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash in</source>
        <translation>Bareinlage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash out</source>
        <translation>Barentnahme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected cash</source>
        <translation>Erwarteter Bargeldbestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counted cash</source>
        <translation>Gezählter Bargeldbestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
</context>
<context>
    <name>ReceiptOutput</name>
    <message>
        <location filename="../ui/register/ReceiptOutput.cpp" line="+81"/>
        <source>Print receipt</source>
        <translation>Kassenbon drucken</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The receipt&apos;s page size is not supported.</source>
        <translation>Das Seitenformat des Kassenbons wird nicht unterstützt.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The PDF could not be written to %1. Choose a folder you may write to.</source>
        <translation>Das PDF konnte nicht nach %1 geschrieben werden. Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
</context>
<context>
    <name>ReceiptService</name>
    <message>
        <location filename="../services/receipts/ReceiptService.cpp" line="+28"/>
        <source>This sale or refund does not exist. Check the receipt number and try again.</source>
        <translation>Dieser Verkauf oder diese Erstattung existiert nicht. Prüfen Sie die Bonnummer und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>A refund receipt shows the refunds of one sale only.</source>
        <translation>Ein Erstattungsbon zeigt nur die Erstattungen eines einzigen Verkaufs.</translation>
    </message>
</context>
<context>
    <name>ReceiptSettingsStore</name>
    <message>
        <location filename="../services/receipts/ReceiptSettingsStore.cpp" line="+52"/>
        <source>Enter the receipt printer&apos;s IP address (for example 192.168.1.50) or host name.</source>
        <translation>Geben Sie die IP-Adresse (zum Beispiel 192.168.1.50) oder den Hostnamen des Bondruckers ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer&apos;s port must be between 1 and 65535; receipt printers use 9100.</source>
        <translation>Der Port des Druckers muss zwischen 1 und 65535 liegen; Bondrucker verwenden 9100.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The paper width must be between 24 and 80 characters: 32 for 58 mm paper, 42 or 48 for 80 mm.</source>
        <translation>Die Papierbreite muss zwischen 24 und 80 Zeichen liegen: 32 für 58-mm-Papier, 42 oder 48 für 80 mm.</translation>
    </message>
</context>
<context>
    <name>ReceiptTemplate</name>
    <message>
        <location filename="../services/receipts/ReceiptTemplate.cpp" line="+244"/>
        <source>The receipt template %1 cannot be read. Check that the file exists.</source>
        <translation>Die Bonvorlage %1 kann nicht gelesen werden. Prüfen Sie, ob die Datei existiert.</translation>
    </message>
</context>
<context>
    <name>Recommendations</name>
    <message>
        <location filename="../services/recommendations/Recommendations.cpp" line="+36"/>
        <source>Ask for 1 to %1 suggestions.</source>
        <translation>Fordern Sie 1 bis %1 Vorschläge an.</translation>
    </message>
</context>
<context>
    <name>RegisterDirectory</name>
    <message>
        <location filename="../services/sales/RegisterDirectory.cpp" line="+61"/>
        <source>Give the register a short code of up to 8 letters, digits or dashes, such as R2.</source>
        <translation>Geben Sie der Kasse ein Kürzel aus bis zu 8 Buchstaben, Ziffern oder Bindestrichen, etwa R2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the register a name of at most %1 characters, such as Register 2.</source>
        <translation>Geben Sie der Kasse einen Namen mit höchstens %1 Zeichen, etwa Kasse 2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Location %1 does not exist. Choose where the register sells from.</source>
        <translation>Lagerplatz %1 existiert nicht. Wählen Sie, von wo aus die Kasse verkauft.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A register with the code %1 exists already. Choose another code.</source>
        <translation>Eine Kasse mit dem Kürzel %1 existiert bereits. Wählen Sie ein anderes Kürzel.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The new register could not be read back. Try again.</source>
        <translation>Die neue Kasse konnte nicht erneut gelesen werden. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <location filename="../app/ReportCommand.cpp" line="+69"/>
        <source>Usage: storekeeper report sales --from DATE --to DATE [--group-by GROUPING] [--format csv|json] [--as EMAIL]</source>
        <translation>Aufruf: storekeeper report sales --from DATUM --to DATUM [--group-by GRUPPIERUNG] [--format csv|json] [--as E-MAIL]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>       storekeeper report rebuild</source>
        <translation>       storekeeper report rebuild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &quot;storekeeper report sales --help&quot; to see its options.</source>
        <translation>Führen Sie „storekeeper report sales --help“ aus, um die Optionen zu sehen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>storekeeper report: say which report, for example: storekeeper report sales --from 2026-11-01 --to 2026-11-30</source>
        <translation>storekeeper report: Geben Sie an, welcher Bericht, zum Beispiel: storekeeper report sales --from 2026-11-01 --to 2026-11-30</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storekeeper report: there is no report &quot;%1&quot;. Use &quot;sales&quot; or &quot;rebuild&quot;.</source>
        <translation>storekeeper report: Es gibt keinen Bericht „%1“. Verwenden Sie „sales“ oder „rebuild“.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No account has the e-mail address %1. Check the address.</source>
        <translation>Kein Konto hat die E-Mail-Adresse %1. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not an active staff account, so it sees no reports. Use an administrator&apos;s or a vendor&apos;s address.</source>
        <translation>%1 ist kein aktives Mitarbeiterkonto und sieht daher keine Berichte. Verwenden Sie die Adresse eines Administrators oder Händlers.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Prints the sales of a range of business days, both days included, grouped by day, week, month, category, vendor, clerk, tender, channel or product, with a totals row: the same figures as the Reports page. Amounts are in the shop&apos;s currency.</source>
        <translation>Gibt die Verkäufe eines Zeitraums von Geschäftstagen aus, beide Tage eingeschlossen, gruppiert nach Tag, Woche, Monat, Kategorie, Händler, Kassierer, Zahlungsart, Kanal oder Produkt, mit einer Summenzeile: dieselben Zahlen wie auf der Seite „Berichte“. Beträge sind in der Währung des Shops.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first day, YYYY-MM-DD.</source>
        <translation>Der erste Tag, JJJJ-MM-TT.</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>DATE</source>
        <translation>DATUM</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The last day, YYYY-MM-DD.</source>
        <translation>Der letzte Tag, JJJJ-MM-TT.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>day (default), week, month, category, vendor, clerk, tender, channel or product.</source>
        <translation>day (Standard), week, month, category, vendor, clerk, tender, channel oder product.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GROUPING</source>
        <translation>GRUPPIERUNG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>csv (default) or json.</source>
        <translation>csv (Standard) oder json.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show what this staff account may see (a vendor: their own products). Default: the whole shop.</source>
        <translation>Zeigt, was dieses Mitarbeiterkonto sehen darf (ein Händler: seine eigenen Produkte). Standard: der ganze Shop.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EMAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give the range with --from DATE and --to DATE, for example --from 2026-11-01 --to 2026-11-30.</source>
        <translation>Geben Sie den Zeitraum mit --from DATUM und --to DATUM an, zum Beispiel --from 2026-11-01 --to 2026-11-30.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--from must be a date such as 2026-11-01.</source>
        <translation>--from muss ein Datum wie 2026-11-01 sein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--to must be a date such as 2026-11-30.</source>
        <translation>--to muss ein Datum wie 2026-11-30 sein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--group-by must be day, week, month, category, vendor, clerk, tender, channel or product.</source>
        <translation>--group-by muss day, week, month, category, vendor, clerk, tender, channel oder product sein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--format must be csv or json.</source>
        <translation>--format muss csv oder json sein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This database has no report summaries yet. Run &quot;storekeeper report rebuild&quot; once to add them.</source>
        <translation>Diese Datenbank hat noch keine Berichtszusammenfassungen. Führen Sie einmal „storekeeper report rebuild“ aus, um sie anzulegen.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Fills the report summaries again from the orders, their lines, payments and refunds: after loading orders in bulk, or when &quot;storekeeper check&quot; found a summary that differs from the orders. Registers may keep selling meanwhile.</source>
        <translation>Füllt die Berichtszusammenfassungen neu aus den Bestellungen, ihren Zeilen, Zahlungen und Erstattungen: nach einem Massenimport von Bestellungen oder wenn „storekeeper check“ eine Zusammenfassung gefunden hat, die von den Bestellungen abweicht. Die Kassen können währenddessen weiter verkaufen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Report summaries rebuilt from %1 orders.</source>
        <translation>Berichtszusammenfassungen aus %1 Bestellungen neu aufgebaut.</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../ui/reports/ReportExport.cpp" line="+20"/>
        <source>Could not write %1: %2. Choose another folder or file name.</source>
        <translation>%1 konnte nicht geschrieben werden: %2. Wählen Sie einen anderen Ordner oder Dateinamen.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>the PDF could not be drawn</source>
        <translation>das PDF konnte nicht gezeichnet werden</translation>
    </message>
</context>
<context>
    <name>ReportGrouping</name>
    <message>
        <location filename="../services/reports/ReportTypes.cpp" line="+46"/>
        <source>By day</source>
        <translation>Nach Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By week</source>
        <translation>Nach Woche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By month</source>
        <translation>Nach Monat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By category</source>
        <translation>Nach Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By vendor</source>
        <translation>Nach Händler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By clerk</source>
        <translation>Nach Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By tender</source>
        <translation>Nach Zahlungsart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By channel</source>
        <translation>Nach Kanal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By product</source>
        <translation>Nach Produkt</translation>
    </message>
</context>
<context>
    <name>ReportIntegrity</name>
    <message>
        <location filename="../services/maintenance/ReportIntegrity.cpp" line="+58"/>
        <source>The report summary %1 has no row for %2, but the orders have sales or refunds there. Run storekeeper report rebuild.</source>
        <translation>Die Berichtszusammenfassung %1 hat keine Zeile für %2, aber die Bestellungen haben dort Verkäufe oder Erstattungen. Führen Sie „storekeeper report rebuild“ aus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The report summary %1 row %2 holds %3 = %4, but the orders make %5. Run storekeeper report rebuild.</source>
        <translation>Die Berichtszusammenfassung %1, Zeile %2, enthält %3 = %4, aber die Bestellungen ergeben %5. Führen Sie „storekeeper report rebuild“ aus.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The report summary %1 row %2 counts sales or refunds that no order holds. Run storekeeper report rebuild.</source>
        <translation>Die Berichtszusammenfassung %1, Zeile %2, zählt Verkäufe oder Erstattungen, die in keiner Bestellung stehen. Führen Sie „storekeeper report rebuild“ aus.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Every report summary row equals what the orders and refunds add up to (%1 rows).</source>
        <translation>Jede Zeile der Berichtszusammenfassungen entspricht der Summe aus Bestellungen und Erstattungen (%1 Zeilen).</translation>
    </message>
</context>
<context>
    <name>ReportService</name>
    <message>
        <location filename="../services/reports/ReportService.cpp" line="+45"/>
        <source>Your account belongs to no vendor, so it has no figures of its own. Ask an administrator.</source>
        <translation>Ihr Konto gehört zu keinem Händler und hat daher keine eigenen Zahlen. Fragen Sie einen Administrator.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Give both the first and the last day of the report as dates (YYYY-MM-DD).</source>
        <translation>Geben Sie den ersten und den letzten Tag des Berichts als Datum an (JJJJ-MM-TT).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The report starts on %1, after its last day %2. Swap the dates.</source>
        <translation>Der Bericht beginnt am %1, nach seinem letzten Tag %2. Tauschen Sie die Daten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A report covers at most %1 days; %2 to %3 is %4 days. Choose a shorter range.</source>
        <translation>Ein Bericht umfasst höchstens %1 Tage; %2 bis %3 sind %4 Tage. Wählen Sie einen kürzeren Zeitraum.</translation>
    </message>
    <message>
        <location line="+212"/>
        <source>In store</source>
        <translation>Im Laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Week %1 of %2 (from %3)</source>
        <translation>Woche %1 von %2 (ab %3)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Vendors see the figures of their own products by day, week, month, category or product. Choose one of these.</source>
        <translation>Händler sehen die Zahlen ihrer eigenen Produkte nach Tag, Woche, Monat, Kategorie oder Produkt. Wählen Sie eine davon.</translation>
    </message>
    <message>
        <location line="+95"/>
        <location line="+159"/>
        <source>No category</source>
        <translation>Keine Kategorie</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>Category %1</source>
        <translation>Kategorie %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The shop&apos;s own products</source>
        <translation>Eigene Produkte des Shops</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vendor %1</source>
        <translation>Händler %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Product %1 (deleted)</source>
        <translation>Produkt %1 (gelöscht)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Online or completed by Storekeeper</source>
        <translation>Online oder von Storekeeper abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User %1</source>
        <translation>Benutzer %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Shipping</source>
        <translation>Versand</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+92"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Ask for between 1 and %1 top products.</source>
        <translation>Fordern Sie zwischen 1 und %1 Top-Produkte an.</translation>
    </message>
</context>
<context>
    <name>ReportTableBuilder</name>
    <message>
        <location filename="../ui/reports/ReportTableBuilder.cpp" line="+60"/>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weeks of %1, by their first day</source>
        <translation>Wochen des Jahres %1, nach ihrem ersten Tag benannt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weeks, by their first day</source>
        <translation>Wochen, nach ihrem ersten Tag benannt</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+127"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="-125"/>
        <location line="+154"/>
        <source>Vendor</source>
        <translation>Händler</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tender</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+146"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+97"/>
        <source>Units</source>
        <translation>Stück</translation>
    </message>
    <message>
        <location line="-97"/>
        <location line="+10"/>
        <location line="+4"/>
        <source>Net</source>
        <translation>Netto</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+13"/>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+9"/>
        <source>Tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+4"/>
        <location line="+63"/>
        <location line="+42"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+4"/>
        <location line="+15"/>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+5"/>
        <source>Net after refunds</source>
        <translation>Netto nach Erstattungen</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Net (%1)</source>
        <translation>Netto (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refunded units</source>
        <translation>Erstattete Stück</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+5"/>
        <source>Refund tax</source>
        <translation>Erstattete Steuer</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Refunds (%1)</source>
        <translation>Erstattungen (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tax after refunds</source>
        <translation>Steuer nach Erstattungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax (%1)</source>
        <translation>Steuer (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Before discounts</source>
        <translation>Vor Rabatten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount (%1)</source>
        <translation>Rabatt (%1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Payments</source>
        <translation>Zahlungen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Taken</source>
        <translation>Eingenommen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kept</source>
        <translation>Einbehalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken (%1)</source>
        <translation>Eingenommen (%1)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Variants</source>
        <translation>Varianten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At cost</source>
        <translation>Zum Einkaufspreis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At selling price</source>
        <translation>Zum Verkaufspreis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units without cost</source>
        <translation>Stück ohne Einkaufspreis</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+8"/>
        <source>No category</source>
        <translation>Keine Kategorie</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>At selling price (%1)</source>
        <translation>Zum Verkaufspreis (%1)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Location</source>
        <translation>Lagerort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reorder level</source>
        <translation>Meldebestand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Suggested order</source>
        <translation>Vorgeschlagene Bestellung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Suggested value</source>
        <translation>Vorgeschlagener Wert</translation>
    </message>
</context>
<context>
    <name>ReturnService</name>
    <message>
        <location filename="../services/orders/ReturnService.cpp" line="+80"/>
        <source>This order does not exist. Check the receipt number and try again.</source>
        <translation>Diese Bestellung existiert nicht. Prüfen Sie die Bonnummer und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Scan or type the receipt number, for example R1-000042.</source>
        <translation>Scannen oder geben Sie die Bonnummer ein, zum Beispiel R1-000042.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No sale has the receipt number %1. Check the number on the receipt and try again.</source>
        <translation>Kein Verkauf hat die Bonnummer %1. Prüfen Sie die Nummer auf dem Kassenbon und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>A line to return is not on this receipt. Scan the receipt again and choose its lines.</source>
        <translation>Eine zurückzugebende Zeile steht nicht auf diesem Kassenbon. Scannen Sie den Kassenbon erneut und wählen Sie seine Zeilen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is chosen twice. Enter the whole quantity on one line.</source>
        <translation>%1 ist zweimal gewählt. Geben Sie die gesamte Menge in einer Zeile ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter a quantity of at least 1 for %1.</source>
        <translation>Geben Sie für %1 eine Menge von mindestens 1 ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only %1 of %2 can still be returned on this receipt.</source>
        <translation>Von %2 können auf diesem Kassenbon nur noch %1 zurückgegeben werden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter why %1 is written off instead of going back on stock.</source>
        <translation>Geben Sie an, warum %1 abgeschrieben wird, statt wieder in den Bestand zu gehen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A write-off reason may be at most 500 characters long.</source>
        <translation>Ein Abschreibungsgrund darf höchstens 500 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose at least one line and quantity to return.</source>
        <translation>Wählen Sie mindestens eine Zeile und eine Menge für die Rückgabe.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The reason may be at most 500 characters long.</source>
        <translation>Der Grund darf höchstens 500 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These lines come to %1, but only %2 of this sale is left to refund. Return fewer items.</source>
        <translation>Diese Zeilen ergeben %1, aber von diesem Verkauf sind nur noch %2 erstattbar. Geben Sie weniger Artikel zurück.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was paid for these lines, so there is nothing to refund.</source>
        <translation>Für diese Zeilen wurde nichts bezahlt, daher gibt es nichts zu erstatten.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+219"/>
        <source>Cash is given back from a register&apos;s drawer. Make the return at a register with an open shift.</source>
        <translation>Bargeld wird aus der Kassenlade einer Kasse zurückgegeben. Führen Sie die Rückgabe an einer Kasse mit offener Schicht durch.</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>These items were returned at another register a moment ago. Scan the receipt again.</source>
        <translation>Diese Artikel wurden gerade eben an einer anderen Kasse zurückgegeben. Scannen Sie den Kassenbon erneut.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This sale was refunded at another register a moment ago. Scan the receipt again.</source>
        <translation>Dieser Verkauf wurde gerade eben an einer anderen Kasse erstattet. Scannen Sie den Kassenbon erneut.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This order has an unknown status. Run storekeeper check.</source>
        <translation>Diese Bestellung hat einen unbekannten Status. Führen Sie „storekeeper check“ aus.</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>This declined card refund belongs to another shift or was made in the back office, so it cannot be paid from this drawer. Try the card again instead.</source>
        <translation>Diese abgelehnte Kartenerstattung gehört zu einer anderen Schicht oder wurde in der Warenwirtschaft vorgenommen und kann daher nicht aus dieser Kassenlade ausgezahlt werden. Versuchen Sie es stattdessen erneut mit der Karte.</translation>
    </message>
    <message>
        <location line="+140"/>
        <source>The card refund of %1 was declined: %2. The items are taken back; return to this receipt again and choose Cash to give the money in cash, or the original tender to try the card again.</source>
        <translation>Die Kartenerstattung von %1 wurde abgelehnt: %2. Die Artikel sind zurückgenommen; rufen Sie die Rückgabe zu diesem Kassenbon erneut auf und wählen Sie „Bar“, um das Geld bar auszuzahlen, oder die ursprüngliche Zahlungsart, um es erneut mit der Karte zu versuchen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The card refund of %1 could not reach the payment gateway. It is kept and sent again with the same key: return to this receipt again in a moment, or restart the register.</source>
        <translation>Die Kartenerstattung von %1 konnte das Zahlungs-Gateway nicht erreichen. Sie wird aufbewahrt und mit demselben Schlüssel erneut gesendet: Rufen Sie die Rückgabe zu diesem Kassenbon gleich noch einmal auf oder starten Sie die Kasse neu.</translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <location filename="../services/reviews/ReviewService.cpp" line="+83"/>
        <source>This review no longer exists. Reload the list.</source>
        <translation>Diese Bewertung existiert nicht mehr. Laden Sie die Liste neu.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>This product no longer exists. Choose another one.</source>
        <translation>Dieses Produkt existiert nicht mehr. Wählen Sie ein anderes.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>A review is written by a customer. Choose a customer account.</source>
        <translation>Eine Bewertung wird von einem Kunden geschrieben. Wählen Sie ein Kundenkonto.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This order is not among your orders. Review a product of one of your own orders.</source>
        <translation>Diese Bestellung gehört nicht zu Ihren Bestellungen. Bewerten Sie ein Produkt aus einer Ihrer eigenen Bestellungen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The order does not belong to that customer. Choose one of the customer&apos;s own orders.</source>
        <translation>Die Bestellung gehört nicht zu diesem Kunden. Wählen Sie eine der eigenen Bestellungen des Kunden.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This product has already been reviewed for order %1. There is one review per product, customer and order; change the existing one instead.</source>
        <translation>Dieses Produkt wurde für Bestellung %1 bereits bewertet. Es gibt eine Bewertung pro Produkt, Kunde und Bestellung; ändern Sie stattdessen die bestehende.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Choose a rating from 1 to 5 stars.</source>
        <translation>Wählen Sie eine Bewertung von 1 bis 5 Sternen.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>A rating is 1 to 5 stars; %1 is not. Choose from 1 to 5.</source>
        <translation>Eine Bewertung hat 1 bis 5 Sterne; %1 gehört nicht dazu. Wählen Sie 1 bis 5.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The title has %1 characters; shorten it to at most %2.</source>
        <translation>Der Titel hat %1 Zeichen; kürzen Sie ihn auf höchstens %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The review has %1 characters; shorten it to at most %2.</source>
        <translation>Die Bewertung hat %1 Zeichen; kürzen Sie sie auf höchstens %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A review is about a product of an order. Choose both.</source>
        <translation>Eine Bewertung betrifft ein Produkt einer Bestellung. Wählen Sie beides.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The note has %1 characters; shorten it to at most %2.</source>
        <translation>Die Notiz hat %1 Zeichen; kürzen Sie sie auf höchstens %2.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Someone else changed this review meanwhile. Reload the list and try again.</source>
        <translation>Jemand anderes hat diese Bewertung inzwischen geändert. Laden Sie die Liste neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The reply has %1 characters; shorten it to at most %2.</source>
        <translation>Die Antwort hat %1 Zeichen; kürzen Sie sie auf höchstens %2.</translation>
    </message>
</context>
<context>
    <name>ReviewStatus</name>
    <message>
        <location filename="../services/reviews/ReviewStatus.cpp" line="+26"/>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hidden</source>
        <translation>Ausgeblendet</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The review is already %1. Reload the list to see its current state.</source>
        <translation>Die Bewertung ist bereits %1. Laden Sie die Liste neu, um ihren aktuellen Status zu sehen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A review that is %1 cannot become %2; it can become %3.</source>
        <translation>Eine Bewertung im Status %1 kann nicht %2 werden; sie kann %3 werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../services/auth/Role.cpp" line="+33"/>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Händler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
</context>
<context>
    <name>SalesSettings</name>
    <message>
        <location filename="../services/sales/SalesSettings.cpp" line="+62"/>
        <source>The currency must be a three-letter ISO code such as USD, EUR or GBP.</source>
        <translation>Die Währung muss ein ISO-Code aus drei Buchstaben sein, etwa USD, EUR oder GBP.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tax rate must be between 0 % and 100 %.</source>
        <translation>Der Steuersatz muss zwischen 0 % und 100 % liegen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;%1&quot; cannot name a tax class. Use up to 40 letters, digits, - or _, other than &quot;standard&quot;.</source>
        <translation>„%1“ kann keine Steuerklasse benennen. Verwenden Sie bis zu 40 Buchstaben, Ziffern, - oder _, außer „standard“.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The tax rate of the class &quot;%1&quot; must be between 0 % and 100 %.</source>
        <translation>Der Steuersatz der Klasse „%1“ muss zwischen 0 % und 100 % liegen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A clerk&apos;s discount limit must be between 0 % and 100 %.</source>
        <translation>Das Rabattlimit eines Kassierers muss zwischen 0 % und 100 % liegen.</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <location filename="../app/ServeCommand.cpp" line="+66"/>
        <source>Settling card payments without an answer failed: %1</source>
        <translation>Das Abschließen von Kartenzahlungen ohne Antwort ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card payments without an answer settled: %1 order(s) paid, %2 unpaid order(s) cancelled.</source>
        <translation>Kartenzahlungen ohne Antwort abgeschlossen: %1 Bestellung(en) bezahlt, %2 unbezahlte Bestellung(en) storniert.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Serves the online shop&apos;s JSON API (docs/api.md) over HTTP until stopped with Ctrl+C or SIGTERM.</source>
        <translation>Stellt die JSON-API des Onlineshops (docs/api.md) über HTTP bereit, bis sie mit Ctrl+C oder SIGTERM beendet wird.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The TCP port to listen on (default %1; 0 for any free one).</source>
        <translation>Der TCP-Port, auf dem gelauscht wird (Standard %1; 0 für einen beliebigen freien).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address to listen on (default 127.0.0.1; 0.0.0.0 for every network).</source>
        <translation>Die Adresse, auf der gelauscht wird (Standard 127.0.0.1; 0.0.0.0 für alle Netzwerke).</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ADDR</source>
        <translation>ADR</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requests per second allowed from one client address, with bursts of twice as many (default %1; 0 for no limit).</source>
        <translation>Erlaubte Anfragen pro Sekunde von einer Client-Adresse, mit Spitzen bis zum Doppelten (Standard %1; 0 für keine Begrenzung).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--port needs a whole number from 0 to 65535.</source>
        <translation>--port braucht eine ganze Zahl von 0 bis 65535.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--bind needs an IP address such as 127.0.0.1 or 0.0.0.0, not &quot;%1&quot;.</source>
        <translation>--bind braucht eine IP-Adresse wie 127.0.0.1 oder 0.0.0.0, nicht „%1“.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--rate-limit needs a whole number from 0 to %1.</source>
        <translation>--rate-limit braucht eine ganze Zahl von 0 bis %1.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cannot watch for Ctrl+C. Try again.</source>
        <translation>Ctrl+C kann nicht überwacht werden. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopping.</source>
        <translation>Wird beendet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Listening on http://%1:%2</source>
        <translation>Lausche auf http://%1:%2</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../ui/settings/SettingsPage.cpp" line="+61"/>
        <source>register %1</source>
        <translation>Kasse %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>SettingsService</name>
    <message>
        <location filename="../services/shop/SettingsService.cpp" line="+43"/>
        <source>Enter the shop&apos;s name.</source>
        <translation>Geben Sie den Namen des Ladens ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s name may be at most 200 characters long.</source>
        <translation>Der Name des Ladens darf höchstens 200 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The currency must be a three-letter ISO code such as USD, EUR or GBP.</source>
        <translation>Die Währung muss ein ISO-Code aus drei Buchstaben sein, etwa USD, EUR oder GBP.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tax rate must be between 0 % and 100 %.</source>
        <translation>Der Steuersatz muss zwischen 0 % und 100 % liegen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The idle lock must be between 0 (never) and 1440 minutes.</source>
        <translation>Die automatische Sperre muss zwischen 0 (nie) und 1440 Minuten liegen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The receipt footer may be at most 1000 characters long.</source>
        <translation>Die Fußzeile des Kassenbons darf höchstens 1000 Zeichen lang sein.</translation>
    </message>
</context>
<context>
    <name>ShiftService</name>
    <message>
        <location filename="../services/sales/ShiftService.cpp" line="+44"/>
        <source>Shift %1 does not exist. Choose the register&apos;s current shift.</source>
        <translation>Schicht %1 existiert nicht. Wählen Sie die aktuelle Schicht der Kasse.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Shift %1 is closed; nothing can be added to it. Open a new shift.</source>
        <translation>Schicht %1 ist geschlossen; es kann nichts mehr hinzugefügt werden. Öffnen Sie eine neue Schicht.</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>The Z report of shift %1 cannot be read. Run storekeeper check.</source>
        <translation>Der Z-Bericht der Schicht %1 kann nicht gelesen werden. Führen Sie „storekeeper check“ aus.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Enter the amount in the shop&apos;s currency (%1).</source>
        <translation>Geben Sie den Betrag in der Währung des Ladens (%1) ein.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+283"/>
        <location line="+16"/>
        <location line="+20"/>
        <source>The amounts are not in the shift&apos;s currency.</source>
        <translation>Die Beträge sind nicht in der Währung der Schicht.</translation>
    </message>
    <message>
        <location line="-279"/>
        <source>The cash float cannot be negative. Count the cash in the drawer and enter it.</source>
        <translation>Der Wechselgeldbestand kann nicht negativ sein. Zählen Sie das Bargeld in der Kassenlade und geben Sie es ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+220"/>
        <source>Register %1 does not exist. Choose this register again in the register settings.</source>
        <translation>Kasse %1 existiert nicht. Wählen Sie diese Kasse in den Kasseneinstellungen erneut.</translation>
    </message>
    <message>
        <location line="-214"/>
        <source>%1 is no longer in use. Choose another register.</source>
        <translation>%1 wird nicht mehr verwendet. Wählen Sie eine andere Kasse.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 already has an open shift. Carry on with it, or close it before opening a new one.</source>
        <translation>%1 hat bereits eine offene Schicht. Arbeiten Sie damit weiter oder schließen Sie sie, bevor Sie eine neue öffnen.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Say why the cash is put in or taken out, for example &quot;Change from the bank&quot;.</source>
        <translation>Geben Sie an, warum Bargeld eingelegt oder entnommen wird, zum Beispiel „Wechselgeld von der Bank“.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the reason to at most %1 characters.</source>
        <translation>Der Grund darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter an amount above zero.</source>
        <translation>Geben Sie einen Betrag über null ein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Only %1 is expected in the drawer, so %2 cannot be taken out. Count the drawer and take out at most %1.</source>
        <translation>In der Kassenlade werden nur %1 erwartet, daher können %2 nicht entnommen werden. Zählen Sie die Kassenlade und entnehmen Sie höchstens %1.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The counted cash cannot be negative. Count the drawer again.</source>
        <translation>Das gezählte Bargeld kann nicht negativ sein. Zählen Sie die Kassenlade erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the note to at most %1 characters.</source>
        <translation>Die Notiz darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A sale on %1 has payments but is not finished. Complete it or give the payments back, then close the shift.</source>
        <translation>Ein Verkauf an %1 hat Zahlungen, ist aber nicht abgeschlossen. Schließen Sie ihn ab oder erstatten Sie die Zahlungen und schließen Sie dann die Schicht.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Shift %1 is still open; its Z report is written when it closes. Print an X report instead.</source>
        <translation>Schicht %1 ist noch offen; ihr Z-Bericht wird beim Schließen erstellt. Drucken Sie stattdessen einen X-Bericht.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 has no open shift. Open a shift with the cash float first.</source>
        <translation>%1 hat keine offene Schicht. Öffnen Sie zuerst eine Schicht mit dem Wechselgeldbestand.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Name the tender of the payment.</source>
        <translation>Geben Sie die Zahlungsart der Zahlung an.</translation>
    </message>
</context>
<context>
    <name>SmtpClient</name>
    <message>
        <location filename="../services/notifications/SmtpClient.cpp" line="+110"/>
        <source>The mail server closed the connection. Sending will be tried again.</source>
        <translation>Der Mailserver hat die Verbindung geschlossen. Der Versand wird erneut versucht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The mail server did not answer in time. Sending will be tried again.</source>
        <translation>Der Mailserver hat nicht rechtzeitig geantwortet. Der Versand wird erneut versucht.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The mail server %1 cannot be reached on port %2. Check the server&apos;s name and port in the mail settings.</source>
        <translation>Der Mailserver %1 ist auf Port %2 nicht erreichbar. Prüfen Sie Namen und Port des Servers in den E-Mail-Einstellungen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A secure connection to the mail server could not be made. Check the server&apos;s name and the security setting in the mail settings.</source>
        <translation>Es konnte keine sichere Verbindung zum Mailserver hergestellt werden. Prüfen Sie den Namen des Servers und die Sicherheitseinstellung in den E-Mail-Einstellungen.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The mail server sent an answer Storekeeper does not understand. Check the server&apos;s name and port.</source>
        <translation>Der Mailserver hat eine Antwort gesendet, die Storekeeper nicht versteht. Prüfen Sie Namen und Port des Servers.</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>No mail server is set up. Enter one in the mail settings on the Notifications page.</source>
        <translation>Es ist kein Mailserver eingerichtet. Tragen Sie einen in den E-Mail-Einstellungen auf der Seite „Benachrichtigungen“ ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not an e-mail address mail can be sent to.</source>
        <translation>%1 ist keine E-Mail-Adresse, an die E-Mails gesendet werden kann.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the address the shop&apos;s mail comes from in the mail settings.</source>
        <translation>Geben Sie in den E-Mail-Einstellungen die Absenderadresse der E-Mails des Shops ein.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The mail server is not taking mail at the moment.</source>
        <translation>Der Mailserver nimmt derzeit keine E-Mails an.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+28"/>
        <source>The mail server refused to talk to Storekeeper (EHLO).</source>
        <translation>Der Mailserver hat die Kommunikation mit Storekeeper verweigert (EHLO).</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>The mail server does not offer STARTTLS. Choose TLS or no security in the mail settings.</source>
        <translation>Der Mailserver bietet kein STARTTLS an. Wählen Sie in den E-Mail-Einstellungen TLS oder keine Sicherheit.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The mail server refused to start a secure connection.</source>
        <translation>Der Mailserver hat den Aufbau einer sicheren Verbindung verweigert.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The mail server refused the user name or password. Check them in the mail settings.</source>
        <translation>Der Mailserver hat den Benutzernamen oder das Passwort abgelehnt. Prüfen Sie beides in den E-Mail-Einstellungen.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The mail server offers no sign-in Storekeeper knows (PLAIN or LOGIN). Check the security setting, or clear the user name.</source>
        <translation>Der Mailserver bietet keine Anmeldung an, die Storekeeper kennt (PLAIN oder LOGIN). Prüfen Sie die Sicherheitseinstellung oder leeren Sie den Benutzernamen.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The mail server refused the sender address %1. Check the sender address in the mail settings.</source>
        <translation>Der Mailserver hat die Absenderadresse %1 abgelehnt. Prüfen Sie die Absenderadresse in den E-Mail-Einstellungen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The mail server refused the recipient %1.</source>
        <translation>Der Mailserver hat den Empfänger %1 abgelehnt.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+8"/>
        <source>The mail server refused the message.</source>
        <translation>Der Mailserver hat die Nachricht abgelehnt.</translation>
    </message>
</context>
<context>
    <name>SmtpSettingsStore</name>
    <message>
        <location filename="../services/notifications/SmtpSettingsStore.cpp" line="+74"/>
        <source>Enter the mail server&apos;s name, such as smtp.example.com, or turn sending off.</source>
        <translation>Geben Sie den Namen des Mailservers ein, etwa smtp.example.com, oder schalten Sie den Versand aus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The mail server&apos;s name may not contain spaces.</source>
        <translation>Der Name des Mailservers darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The mail server&apos;s port must be between 1 and 65535 (usually 587, or 465 for TLS).</source>
        <translation>Der Port des Mailservers muss zwischen 1 und 65535 liegen (meist 587, oder 465 für TLS).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the address the shop&apos;s mail comes from, such as shop@example.com.</source>
        <translation>Geben Sie die Absenderadresse der E-Mails des Shops ein, etwa shop@example.com.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The mail server&apos;s user name and password must be a single line each.</source>
        <translation>Benutzername und Passwort des Mailservers müssen jeweils eine einzige Zeile sein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sender&apos;s name must be a single line.</source>
        <translation>Der Absendername muss eine einzige Zeile sein.</translation>
    </message>
</context>
<context>
    <name>StockTypes</name>
    <message>
        <location filename="../services/inventory/StockTypes.cpp" line="+36"/>
        <source>Received</source>
        <translation>Wareneingang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Found</source>
        <translation>Gefunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count correction</source>
        <translation>Inventurkorrektur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer out</source>
        <translation>Umlagerung (Abgang)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer in</source>
        <translation>Umlagerung (Zugang)</translation>
    </message>
</context>
<context>
    <name>Stocktake</name>
    <message>
        <location filename="../services/inventory/Stocktake.cpp" line="+106"/>
        <source>There is no stock count number %1. Refresh the list.</source>
        <translation>Es gibt keine Inventur mit der Nummer %1. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stock count %1 is %2; counts can only be entered while it is open. Start a new count.</source>
        <translation>Inventur %1 ist %2; Zählungen können nur erfasst werden, solange sie offen ist. Starten Sie eine neue Zählung.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>That product is not part of this count.</source>
        <translation>Dieses Produkt gehört nicht zu dieser Zählung.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>posted</source>
        <translation>gebucht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Stock count %1 of this location is still open. Post or cancel it first.</source>
        <translation>Inventur %1 dieses Lagerplatzes ist noch offen. Buchen Sie sie zuerst oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>A count cannot be below zero. To undo a scan, enter the total instead.</source>
        <translation>Eine Zählung kann nicht unter null liegen. Um einen Scan rückgängig zu machen, geben Sie stattdessen die Gesamtmenge ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter how many units to add to the count.</source>
        <translation>Geben Sie ein, wie viele Einheiten zur Zählung hinzukommen.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Stock count %1 was posted or cancelled by someone else. Refresh the list.</source>
        <translation>Inventur %1 wurde von jemand anderem gebucht oder abgebrochen. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Stock count %1</source>
        <translation>Inventur %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Stock count %1 was posted already; it cannot be cancelled. Count again to correct it.</source>
        <translation>Inventur %1 wurde bereits gebucht; sie kann nicht abgebrochen werden. Zählen Sie erneut, um sie zu korrigieren.</translation>
    </message>
</context>
<context>
    <name>Tender</name>
    <message>
        <location filename="../services/payments/PaymentTypes.cpp" line="+31"/>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gift card</source>
        <translation>Geschenkkarte</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Other</source>
        <translation>Sonstige</translation>
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
        <location line="+2"/>
        <source>For a vendor: the name of the vendor the user works for.</source>
        <translation>Für Händler: der Name des Händlers, für den der Benutzer arbeitet.</translation>
    </message>
    <message>
        <location line="+0"/>
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
        <translation>Ein Händlerkonto braucht --vendor NAME.</translation>
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
        <location line="+14"/>
        <source>Created the account %1 (%2, user %3).</source>
        <translation>Konto %1 angelegt (%2, Benutzer %3).</translation>
    </message>
</context>
<context>
    <name>UserService</name>
    <message>
        <location filename="../services/auth/UserRecords.cpp" line="+35"/>
        <source>There is no such user.</source>
        <translation>Diesen Benutzer gibt es nicht.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Enter an e-mail address.</source>
        <translation>Geben Sie eine E-Mail-Adresse ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; is not an e-mail address. Enter it as name@example.com.</source>
        <translation>„%1“ ist keine E-Mail-Adresse. Geben Sie sie in der Form name@example.com ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter a phone number of at most 20 characters, using only digits, spaces and + ( ) - . /, or leave it empty.</source>
        <translation>Geben Sie eine Telefonnummer mit höchstens 20 Zeichen ein, nur aus Ziffern, Leerzeichen und + ( ) - . /, oder lassen Sie das Feld leer.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter a first and a last name.</source>
        <translation>Geben Sie einen Vor- und einen Nachnamen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Names may be at most 100 characters long.</source>
        <translation>Namen dürfen höchstens 100 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The chosen vendor does not exist any more. Choose another.</source>
        <translation>Der gewählte Händler existiert nicht mehr. Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A vendor account needs a vendor: choose one or enter a new vendor&apos;s name.</source>
        <translation>Ein Händlerkonto braucht einen Händler: Wählen Sie einen aus oder geben Sie den Namen eines neuen Händlers ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A vendor&apos;s name may be at most 200 characters long.</source>
        <translation>Der Name eines Händlers darf höchstens 200 Zeichen lang sein.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>A user with the e-mail %1 already exists. Use another address or edit that user.</source>
        <translation>Ein Benutzer mit der E-Mail-Adresse %1 existiert bereits. Verwenden Sie eine andere Adresse oder bearbeiten Sie diesen Benutzer.</translation>
    </message>
    <message>
        <location filename="../services/auth/UserService.cpp" line="+107"/>
        <source>The shop needs at least one active administrator. Make another user an administrator first.</source>
        <translation>Der Laden braucht mindestens einen aktiven Administrator. Machen Sie zuerst einen anderen Benutzer zum Administrator.</translation>
    </message>
    <message>
        <location line="+166"/>
        <source>You cannot disable your own account.</source>
        <translation>Sie können Ihr eigenes Konto nicht deaktivieren.</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Only staff accounts have a register PIN.</source>
        <translation>Nur Mitarbeiterkonten haben eine Kassen-PIN.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Sign in first.</source>
        <translation>Bitte melden Sie sich zuerst an.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The current password is not right. Nothing was changed.</source>
        <translation>Das aktuelle Passwort ist nicht richtig. Es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>VariantCombinations</name>
    <message>
        <location filename="../services/catalog/VariantCombinations.cpp" line="+77"/>
        <source>Base SKU: %1</source>
        <translation>Basis-SKU: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add at least one option, such as Size with the values S, M, L.</source>
        <translation>Fügen Sie mindestens eine Option hinzu, etwa Größe mit den Werten S, M, L.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Every option needs a name, such as Size or Colour.</source>
        <translation>Jede Option braucht einen Namen, etwa Größe oder Farbe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The option &quot;%1&quot; is listed twice. Give each option its own name.</source>
        <translation>Die Option „%1“ ist zweimal aufgeführt. Geben Sie jeder Option einen eigenen Namen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The value &quot;%1&quot; is listed twice for %2.</source>
        <translation>Der Wert „%1“ ist für %2 zweimal aufgeführt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter the values of %1, separated by commas (for example S, M, L).</source>
        <translation>Geben Sie die Werte von %1 durch Kommas getrennt ein (zum Beispiel S, M, L).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These options make more than %1 variants. Use fewer values.</source>
        <translation>Diese Optionen ergeben mehr als %1 Varianten. Verwenden Sie weniger Werte.</translation>
    </message>
</context>
<context>
    <name>sk::AdjustDialog</name>
    <message>
        <location filename="../ui/inventory/AdjustDialog.cpp" line="+20"/>
        <source>&amp;Adjust</source>
        <translation>&amp;Korrigieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adjust stock</source>
        <translation>Bestand korrigieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan or type a barcode or SKU to choose another item</source>
        <translation>Barcode oder SKU scannen oder eingeben, um einen anderen Artikel zu wählen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a reason…</source>
        <translation>Grund wählen…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Negative takes stock away (damaged, lost), positive adds it (found, returned).</source>
        <translation>Negativ verringert den Bestand (beschädigt, verloren), positiv erhöht ihn (gefunden, zurückgegeben).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why: what happened, who found it</source>
        <translation>Warum: was passiert ist, wer es bemerkt hat</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>S&amp;can:</source>
        <translation>S&amp;cannen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Location:</source>
        <translation>&amp;Lagerplatz:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quantity:</source>
        <translation>&amp;Menge:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>None yet: scan or type its code above.</source>
        <translation>Noch keiner: Scannen Sie oben seinen Code oder geben Sie ihn ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>on hand %1 → %2</source>
        <translation>Bestand %1 → %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose the item: scan or type its barcode or SKU.</source>
        <translation>Wählen Sie den Artikel: Scannen Sie seinen Barcode oder seine SKU oder geben Sie den Code ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the reason for the adjustment.</source>
        <translation>Wählen Sie den Grund für die Korrektur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type how many units to add (positive) or take away (negative).</source>
        <translation>Geben Sie ein, wie viele Einheiten hinzukommen (positiv) oder abgehen (negativ).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 takes stock away: type a negative quantity.</source>
        <translation>%1 verringert den Bestand: Geben Sie eine negative Menge ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 adds stock: type a positive quantity.</source>
        <translation>%1 erhöht den Bestand: Geben Sie eine positive Menge ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only %1 on hand here: the stock cannot go below zero.</source>
        <translation>Hier sind nur %1 vorhanden: Der Bestand kann nicht unter null fallen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type a note that says why the stock changed; the ledger keeps it.</source>
        <translation>Geben Sie in einer Notiz an, warum sich der Bestand geändert hat; das Lagerjournal bewahrt sie auf.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writes the correction into the ledger.</source>
        <translation>Schreibt die Korrektur in das Lagerjournal.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code.</source>
        <translation>Kein Produkt hat den Barcode oder die SKU „%1“. Prüfen Sie den Code.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>%1: %2 %3 at %4.</source>
        <translation>%1: %2 %3 am Lagerplatz %4.</translation>
    </message>
</context>
<context>
    <name>sk::ApprovalBox</name>
    <message>
        <location filename="../ui/register/ApprovalBox.cpp" line="+36"/>
        <source>Administrator&apos;s e-mail</source>
        <translation>E-Mail des Administrators</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Their register PIN or password</source>
        <translation>Seine Kassen-PIN oder sein Passwort</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This is above your limit: an administrator approves it here.</source>
        <translation>Dies liegt über Ihrem Limit: Ein Administrator genehmigt es hier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved by:</source>
        <translation>Genehmigt von:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN or password:</source>
        <translation>PIN oder Passwort:</translation>
    </message>
</context>
<context>
    <name>sk::BulkEditDialog</name>
    <message>
        <location filename="../ui/catalog/BulkEditDialog.cpp" line="+53"/>
        <source>Change prices by a p&amp;ercentage:</source>
        <translation>Preise um einen &amp;Prozentsatz ändern:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change prices by an a&amp;mount:</source>
        <translation>Preise um einen &amp;Betrag ändern:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to &amp;category:</source>
        <translation>In &amp;Kategorie verschieben:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set &amp;status:</source>
        <translation>&amp;Status setzen:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bulk edit</source>
        <translation>Sammelbearbeitung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One change for %1. Every variant&apos;s price changes; all of it is saved together or not at all.</source>
        <translation>Eine Änderung für %1. Der Preis jeder Variante ändert sich; alles wird gemeinsam gespeichert oder gar nicht.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>10 raises, -15 lowers</source>
        <translation>10 erhöht, -15 senkt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 raises, -%1 lowers</source>
        <translation>%1 erhöht, -%1 senkt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No category</source>
        <translation>Keine Kategorie</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>C&amp;ontinue…</source>
        <translation>&amp;Weiter…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Type the change as a percentage between -100 and 100, such as 10 or -15.</source>
        <translation>Geben Sie die Änderung als Prozentsatz zwischen -100 und 100 ein, etwa 10 oder -15.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Raise the prices of %1 by %2 %?</source>
        <translation>Die Preise von %1 um %2 % erhöhen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower the prices of %1 by %2 %?</source>
        <translation>Die Preise von %1 um %2 % senken?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type the change as an amount such as %1 or -%1.</source>
        <translation>Geben Sie die Änderung als Betrag ein, etwa %1 oder -%1.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Lower every price of %1 by %2?</source>
        <translation>Jeden Preis von %1 um %2 senken?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raise every price of %1 by %2?</source>
        <translation>Jeden Preis von %1 um %2 erhöhen?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Move %1 to %2?</source>
        <translation>%1 nach %2 verschieben?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take %1 out of their categories?</source>
        <translation>%1 aus ihren Kategorien nehmen?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set the status of %1 to %2?</source>
        <translation>Den Status von %1 auf %2 setzen?</translation>
    </message>
</context>
<context>
    <name>sk::BulkStatusDialog</name>
    <message>
        <location filename="../ui/orders/BulkStatusDialog.cpp" line="+24"/>
        <source>Change the status of 1 order</source>
        <translation>Status von 1 Bestellung ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the status of %1 orders</source>
        <translation>Status von %1 Bestellungen ändern</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Optional, shown in each order&apos;s timeline</source>
        <translation>Optional, wird im Verlauf jeder Bestellung angezeigt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders whose status may not become the new one keep theirs; the page lists them with the reason.</source>
        <translation>Bestellungen, deren Status nicht zum neuen werden darf, behalten ihren; die Seite listet sie mit dem Grund auf.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New &amp;status:</source>
        <translation>Neuer &amp;Status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Make 1 order “%1”</source>
        <translation>1 Bestellung auf „%1“ setzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make %1 orders “%2”</source>
        <translation>%1 Bestellungen auf „%2“ setzen</translation>
    </message>
</context>
<context>
    <name>sk::CartTableModel</name>
    <message>
        <location filename="../models/CartTableModel.cpp" line="+72"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (was %2)</source>
        <translation>%1 (vorher %2)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Only %1 available.</source>
        <translation>Nur %1 verfügbar.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit price</source>
        <translation>Stückpreis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line total</source>
        <translation>Zeilensumme</translation>
    </message>
</context>
<context>
    <name>sk::CashMovementDialog</name>
    <message>
        <location filename="../ui/register/CashMovementDialog.cpp" line="+32"/>
        <source>Cash in or out</source>
        <translation>Bargeld ein- oder auszahlen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Into the drawer</source>
        <translation>In die Kassenlade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of the drawer</source>
        <translation>Aus der Kassenlade</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why, e.g. change from the bank</source>
        <translation>Grund, z. B. Wechselgeld von der Bank</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Direction:</source>
        <translation>&amp;Richtung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Amount:</source>
        <translation>&amp;Betrag:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Record</source>
        <translation>&amp;Erfassen</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Type the amount above zero, e.g. 50.00.</source>
        <translation>Geben Sie einen Betrag über null ein, z. B. 50.00.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Say why the cash is moved.</source>
        <translation>Geben Sie an, warum Bargeld bewegt wird.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 put into the drawer: %2</source>
        <translation>%1 in die Kassenlade eingelegt: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 taken out of the drawer: %2</source>
        <translation>%1 aus der Kassenlade entnommen: %2</translation>
    </message>
</context>
<context>
    <name>sk::CatalogFilterBar</name>
    <message>
        <location filename="../ui/catalog/CatalogFilterBar.cpp" line="+30"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;lear filters</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All vendors</source>
        <translation>Alle Händler</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Any status</source>
        <translation>Beliebiger Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Price:</source>
        <translation>&amp;Preis:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any stock</source>
        <translation>Beliebiger Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In stock</source>
        <translation>Vorrätig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of stock</source>
        <translation>Nicht vorrätig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St&amp;ock:</source>
        <translation>Bestan&amp;d:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>colour=red, size=L</source>
        <translation>farbe=rot, größe=L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Products whose attributes have all these values: name=value, separated by commas.</source>
        <translation>Produkte, deren Attribute alle diese Werte haben: name=wert, durch Kommas getrennt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Attributes:</source>
        <translation>&amp;Attribute:</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>The %1 price &quot;%2&quot; is not an amount. Type it like %3.</source>
        <translation>Der %1 Preis „%2“ ist kein Betrag. Geben Sie ihn in der Form %3 ein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>lowest</source>
        <translation>niedrigste</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>highest</source>
        <translation>höchste</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The lowest price is above the highest. Swap them or change one.</source>
        <translation>Der niedrigste Preis liegt über dem höchsten. Tauschen Sie sie oder ändern Sie einen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Write attributes as name=value, separated by commas (colour=red, size=L); &quot;%1&quot; is not.</source>
        <translation>Schreiben Sie Attribute als name=wert, durch Kommas getrennt (farbe=rot, größe=L); „%1“ ist keins.</translation>
    </message>
</context>
<context>
    <name>sk::CatalogPage</name>
    <message>
        <location filename="../ui/catalog/CatalogPage.cpp" line="+81"/>
        <source>&amp;New product…</source>
        <translation>&amp;Neues Produkt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Bulk edit…</source>
        <translation>Sa&amp;mmelbearbeitung…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find products</source>
        <translation>Produkte suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New product…</source>
        <translation>Neues Produkt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit product…</source>
        <translation>Produkt bearbeiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete product…</source>
        <translation>Produkt löschen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulk edit…</source>
        <translation>Sammelbearbeitung…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name, brand, SKU or barcode</source>
        <translation>Name, Marke, SKU oder Barcode</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A new product (Ins or Ctrl+N).</source>
        <translation>Ein neues Produkt (Einfg oder Strg+N).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opens the selected product (Enter or double-click).</source>
        <translation>Öffnet das ausgewählte Produkt (Eingabetaste oder Doppelklick).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes prices, category or status of every selected product at once.</source>
        <translation>Ändert Preise, Kategorie oder Status aller ausgewählten Produkte auf einmal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reads products from a Storekeeper or Shopify product CSV file.</source>
        <translation>Liest Produkte aus einer Storekeeper- oder Shopify-Produkt-CSV-Datei.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes the catalog to a CSV file that Storekeeper and Shopify can read.</source>
        <translation>Schreibt den Katalog in eine CSV-Datei, die Storekeeper und Shopify lesen können.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Products</source>
        <translation>Produkte</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Counting products…</source>
        <translation>Produkte werden gezählt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No product matches</source>
        <translation>Kein Produkt passt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No products yet</source>
        <translation>Noch keine Produkte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The best %1 (more match: type more to narrow them)</source>
        <translation>Die besten %1 (weitere Treffer: geben Sie mehr ein, um sie einzugrenzen)</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Select one product to delete. To take several out of sale, use Bulk edit and set their status.</source>
        <translation>Wählen Sie ein Produkt zum Löschen aus. Um mehrere aus dem Verkauf zu nehmen, verwenden Sie die Sammelbearbeitung und setzen Sie ihren Status.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deletes the selected product (Del).</source>
        <translation>Löscht das ausgewählte Produkt (Entf).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved the product.</source>
        <translation>Das Produkt wurde gespeichert.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>product number %1</source>
        <translation>Produkt Nummer %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>Delete product</source>
        <translation>Produkt löschen</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Delete %1 with its variants and pictures? This cannot be undone.</source>
        <translation>%1 mit seinen Varianten und Bildern löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To stop selling it but keep its history, set its status to Discontinued instead.</source>
        <translation>Um es nicht mehr zu verkaufen, aber seinen Verlauf zu behalten, setzen Sie stattdessen seinen Status auf Ausgelaufen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Deleted %1.</source>
        <translation>%1 gelöscht.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+23"/>
        <source>Bulk edit</source>
        <translation>Sammelbearbeitung</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Changed %1.</source>
        <translation>%1 geändert.</translation>
    </message>
</context>
<context>
    <name>sk::CatalogTransfer</name>
    <message>
        <location filename="../ui/catalog/CatalogTransfer.cpp" line="+25"/>
        <location line="+53"/>
        <location line="+15"/>
        <source>Import products</source>
        <translation>Produkte importieren</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Storekeeper product CSV (*.csv)</source>
        <translation>Storekeeper-Produkt-CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shopify product CSV (*.csv)</source>
        <translation>Shopify-Produkt-CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+90"/>
        <source>Export products</source>
        <translation>Produkte exportieren</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The import of %1 was cancelled; nothing was changed.</source>
        <translation>Der Import von %1 wurde abgebrochen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>… and %1 more rejected rows.</source>
        <translation>… und %1 weitere abgelehnte Zeilen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Correct the rejected rows (see the details) and import the file again; products already imported are updated, not duplicated.</source>
        <translation>Korrigieren Sie die abgelehnten Zeilen (siehe Einzelheiten) und importieren Sie die Datei erneut; bereits importierte Produkte werden aktualisiert, nicht verdoppelt.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The export was cancelled; no file was written.</source>
        <translation>Der Export wurde abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported %1 with %2 variants to %3.</source>
        <translation>%1 mit %2 Varianten nach %3 exportiert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 product</source>
        <translation>1 Produkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 products</source>
        <translation>%1 Produkte</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopping…</source>
        <translation>Wird beendet…</translation>
    </message>
</context>
<context>
    <name>sk::CategoryPanel</name>
    <message>
        <location filename="../ui/catalog/CategoryPanel.cpp" line="+30"/>
        <source>New…</source>
        <translation>Neu…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+108"/>
        <source>Deactivate</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>New category…</source>
        <translation>Neue Kategorie…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename category…</source>
        <translation>Kategorie umbenennen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+106"/>
        <location line="+75"/>
        <source>Deactivate category</source>
        <translation>Kategorie deaktivieren</translation>
    </message>
    <message>
        <location line="-172"/>
        <location line="+58"/>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Drag a category onto another to move it there, or between two to reorder.</source>
        <translation>Ziehen Sie eine Kategorie auf eine andere, um sie dorthin zu verschieben, oder zwischen zwei, um die Reihenfolge zu ändern.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A new category under the chosen one.</source>
        <translation>Eine neue Kategorie unter der ausgewählten.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Move category</source>
        <translation>Kategorie verschieben</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Activate</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+75"/>
        <source>Activate category</source>
        <translation>Kategorie aktivieren</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>The online shop stops showing the category; its products stay.</source>
        <translation>Der Onlineshop zeigt die Kategorie nicht mehr an; ihre Produkte bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The online shop shows the category again.</source>
        <translation>Der Onlineshop zeigt die Kategorie wieder an.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+20"/>
        <source>New category</source>
        <translation>Neue Kategorie</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Name of the new category under %1:</source>
        <translation>Name der neuen Kategorie unter %1:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the new top-level category:</source>
        <translation>Name der neuen Hauptkategorie:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Created the category %1.</source>
        <translation>Die Kategorie %1 wurde angelegt.</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+5"/>
        <source>Rename category</source>
        <translation>Kategorie umbenennen</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>New name for %1:</source>
        <translation>Neuer Name für %1:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Renamed %1 to %2.</source>
        <translation>%1 wurde in %2 umbenannt.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The online shop shows %1 again.</source>
        <translation>Der Onlineshop zeigt %1 wieder an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The online shop no longer shows %1; its products keep their category.</source>
        <translation>Der Onlineshop zeigt %1 nicht mehr an; seine Produkte behalten ihre Kategorie.</translation>
    </message>
</context>
<context>
    <name>sk::CategoryTreeModel</name>
    <message>
        <location filename="../models/CategoryTreeModel.cpp" line="+204"/>
        <source>%1 › %2</source>
        <translation>%1 › %2</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The category is no longer in the list. Refresh the list and try again.</source>
        <translation>Die Kategorie ist nicht mehr in der Liste. Aktualisieren Sie die Liste und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+148"/>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Products of every category, and those without one.</source>
        <translation>Produkte aller Kategorien und solche ohne Kategorie.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is deactivated: the online shop does not show it.</source>
        <translation>%1 ist deaktiviert: Der Onlineshop zeigt sie nicht an.</translation>
    </message>
</context>
<context>
    <name>sk::ChangeRoleDialog</name>
    <message>
        <location filename="../ui/users/ChangeRoleDialog.cpp" line="+23"/>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What may %1 (%2) do in Storekeeper? The change applies from their next sign-in.</source>
        <translation>Was darf %1 (%2) in Storekeeper tun? Die Änderung gilt ab der nächsten Anmeldung.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Change role</source>
        <translation>Rolle ä&amp;ndern</translation>
    </message>
</context>
<context>
    <name>sk::CloseShiftDialog</name>
    <message>
        <location filename="../ui/register/CloseShiftDialog.cpp" line="+32"/>
        <source>Close shift</source>
        <translation>Schicht schließen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Optional, e.g. why the drawer is short</source>
        <translation>Optional, z. B. warum in der Kassenlade etwas fehlt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sales this shift:</source>
        <translation>Verkäufe dieser Schicht:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash expected:</source>
        <translation>Erwartetes Bargeld:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash &amp;counted:</source>
        <translation>Bargeld &amp;gezählt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference:</source>
        <translation>Differenz:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close shift</source>
        <translation>Schicht &amp;schließen</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Count the cash in the drawer and type the amount, e.g. 412.50.</source>
        <translation>Zählen Sie das Bargeld in der Kassenlade und geben Sie den Betrag ein, z. B. 412.50.</translation>
    </message>
</context>
<context>
    <name>sk::CustomerDetailPanel</name>
    <message>
        <location filename="../ui/customers/CustomerDetailPanel.cpp" line="+25"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In store</source>
        <translation>Im Laden</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>More orders</source>
        <translation>Weitere Bestellungen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order history</source>
        <translation>Bestellverlauf</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;Addresses&lt;/b&gt;</source>
        <translation>&lt;b&gt;Adressen&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Order history&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bestellverlauf&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose a customer to see their orders and addresses.</source>
        <translation>Wählen Sie einen Kunden, um seine Bestellungen und Adressen zu sehen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>merged into another customer</source>
        <translation>mit einem anderen Kunden zusammengeführt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>switched off</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No orders yet.</source>
        <translation>Noch keine Bestellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifetime value &lt;b&gt;%1&lt;/b&gt; · orders: %2 · paid %3, refunded %4 · first order %5, last order %6.</source>
        <translation>Kundenwert &lt;b&gt;%1&lt;/b&gt; · Bestellungen: %2 · bezahlt %3, erstattet %4 · erste Bestellung %5, letzte Bestellung %6.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Billing</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shipping</source>
        <translation>Lieferung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (default)</source>
        <translation>%1 (Standard)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No addresses.</source>
        <translation>Keine Adressen.</translation>
    </message>
</context>
<context>
    <name>sk::CustomerDialog</name>
    <message>
        <location filename="../ui/register/CustomerDialog.cpp" line="+39"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail, phone or name</source>
        <translation>E-Mail, Telefon oder Name</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>New customer</source>
        <translation>Neuer Kunde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;First name:</source>
        <translation>&amp;Vorname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create and &amp;attach</source>
        <translation>Anlegen und &amp;zuordnen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;No customer</source>
        <translation>&amp;Kein Kunde</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No customer matches “%1”. Create one below.</source>
        <translation>Kein Kunde passt zu „%1“. Legen Sie unten einen neuen an.</translation>
    </message>
</context>
<context>
    <name>sk::CustomerEditDialog</name>
    <message>
        <location filename="../ui/customers/CustomerEditDialog.cpp" line="+37"/>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;First name:</source>
        <translation>&amp;Vorname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Bundesland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postal code</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add address</source>
        <translation>Adresse &amp;hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove address</source>
        <translation>Adresse ent&amp;fernen</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Shipping</source>
        <translation>Lieferung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing</source>
        <translation>Rechnung</translation>
    </message>
</context>
<context>
    <name>sk::CustomerTableModel</name>
    <message>
        <location filename="../models/CustomerTableModel.cpp" line="+58"/>
        <source>Merged into another customer.</source>
        <translation>Mit einem anderen Kunden zusammengeführt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This account is switched off.</source>
        <translation>Dieses Konto ist deaktiviert.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lifetime value</source>
        <translation>Kundenwert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last order</source>
        <translation>Letzte Bestellung</translation>
    </message>
</context>
<context>
    <name>sk::CustomersPage</name>
    <message>
        <location filename="../ui/customers/CustomersPage.cpp" line="+47"/>
        <source>Export customer data</source>
        <translation>Kundendaten exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Merge into…</source>
        <translation>&amp;Zusammenführen mit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport data…</source>
        <translation>Daten e&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start of a name, e-mail address or phone number</source>
        <translation>Anfang eines Namens, einer E-Mail-Adresse oder Telefonnummer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find customer</source>
        <translation>Kunden suchen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Edit customer</source>
        <translation>Kunden bearbeiten</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Move this customer&apos;s orders, carts, addresses and reviews to another customer and switch this account off.</source>
        <translation>Verschiebt die Bestellungen, Warenkörbe, Adressen und Bewertungen dieses Kunden zu einem anderen Kunden und deaktiviert dieses Konto.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save everything the shop holds about this customer as a JSON file.</source>
        <translation>Speichert alles, was der Shop über diesen Kunden gespeichert hat, als JSON-Datei.</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+63"/>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Choose a customer to see their orders and addresses.</source>
        <translation>Wählen Sie einen Kunden, um seine Bestellungen und Adressen zu sehen.</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>Saved the details of %1.</source>
        <translation>Die Angaben zu %1 wurden gespeichert.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Merged %1 into %2. Moved: orders %3, carts %4, addresses %5, reviews %6; duplicate reviews dropped: %7.</source>
        <translation>%1 mit %2 zusammengeführt. Verschoben: Bestellungen %3, Warenkörbe %4, Adressen %5, Bewertungen %6; doppelte Bewertungen entfernt: %7.</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n item(s) of the online cart joined the other account&apos;s cart.</source>
        <translation>
            <numerusform>%n Artikel aus dem Online-Warenkorb ist in den Warenkorb des anderen Kontos übernommen worden.</numerusform>
            <numerusform>%n Artikel aus dem Online-Warenkorb sind in den Warenkorb des anderen Kontos übernommen worden.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Saved the data of %1 to %2.</source>
        <translation>Die Daten von %1 wurden in %2 gespeichert.</translation>
    </message>
</context>
<context>
    <name>sk::DesktopController</name>
    <message>
        <location filename="../ui/DesktopController.cpp" line="+170"/>
        <location line="+86"/>
        <source>Storekeeper</source>
        <translation>Storekeeper</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>This database holds no shop yet, so only the setup dialog could be photographed. Fill it with demo data first (storekeeper demo).
</source>
        <translation>Diese Datenbank enthält noch keinen Laden, daher konnte nur der Einrichtungsdialog fotografiert werden. Füllen Sie sie zuerst mit Demodaten (storekeeper demo).
</translation>
    </message>
    <message>
        <location line="+89"/>
        <location line="+24"/>
        <source>Interrupted sales</source>
        <translation>Unterbrochene Verkäufe</translation>
    </message>
    <message numerus="yes">
        <location line="-16"/>
        <source>Finished %n paid sale(s) that were interrupted: %1.</source>
        <translation>
            <numerusform>%n bezahlter Verkauf, der unterbrochen wurde, wurde abgeschlossen: %1.</numerusform>
            <numerusform>%n bezahlte Verkäufe, die unterbrochen wurden, wurden abgeschlossen: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n partly paid sale(s) are back at their register: finish them or void the payments.</source>
        <translation>
            <numerusform>%n teilweise bezahlter Verkauf ist wieder an seiner Kasse: Schließen Sie ihn ab oder stornieren Sie die Zahlungen.</numerusform>
            <numerusform>%n teilweise bezahlte Verkäufe sind wieder an ihrer Kasse: Schließen Sie sie ab oder stornieren Sie die Zahlungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n card payment(s) the gateway had not approved were marked failed.</source>
        <translation>
            <numerusform>%n Kartenzahlung, die das Gateway nicht genehmigt hatte, wurde als fehlgeschlagen markiert.</numerusform>
            <numerusform>%n Kartenzahlungen, die das Gateway nicht genehmigt hatte, wurden als fehlgeschlagen markiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n card payment(s) could not be checked because the gateway cannot be reached; they are checked again at the next start.</source>
        <translation>
            <numerusform>%n Kartenzahlung konnte nicht geprüft werden, weil das Gateway nicht erreichbar ist; sie wird beim nächsten Start erneut geprüft.</numerusform>
            <numerusform>%n Kartenzahlungen konnten nicht geprüft werden, weil das Gateway nicht erreichbar ist; sie werden beim nächsten Start erneut geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Could not write a screenshot into %1.
</source>
        <translation>Es konnte kein Bildschirmfoto in %1 geschrieben werden.
</translation>
    </message>
</context>
<context>
    <name>sk::DiscountDialog</name>
    <message>
        <location filename="../ui/register/DiscountDialog.cpp" line="+36"/>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove discount</source>
        <translation>Rabatt entfernen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the whole sale</source>
        <translation>den gesamten Verkauf</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Discount on %1</source>
        <translation>Rabatt auf %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Discount on the sale</source>
        <translation>Rabatt auf den Verkauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Percent</source>
        <translation>Prozent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why, e.g. damaged packaging</source>
        <translation>Grund, z. B. beschädigte Verpackung</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Type the discount as a percentage above 0 and up to 100, e.g. 10 or 12.5.</source>
        <translation>Geben Sie den Rabatt als Prozentsatz über 0 und bis 100 ein, z. B. 10 oder 12.5.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Type the discount as an amount above zero, e.g. 2.50.</source>
        <translation>Geben Sie den Rabatt als Betrag über null ein, z. B. 2.50.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Say why this discount is given.</source>
        <translation>Geben Sie an, warum dieser Rabatt gewährt wird.</translation>
    </message>
</context>
<context>
    <name>sk::ImageStrip</name>
    <message>
        <location filename="../ui/catalog/ImageStrip.cpp" line="+30"/>
        <source>web
address</source>
        <translation>Web-
adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no
preview</source>
        <translation>keine
Vorschau</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No description</source>
        <translation>Keine Beschreibung</translation>
    </message>
</context>
<context>
    <name>sk::InventoryFilterBar</name>
    <message>
        <location filename="../ui/inventory/InventoryFilterBar.cpp" line="+38"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;lear filters</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All locations</source>
        <translation>Alle Lagerplätze</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L&amp;ocation:</source>
        <translation>&amp;Lagerplatz:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All vendors</source>
        <translation>Alle Händler</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;ategory:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All stock</source>
        <translation>Gesamter Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low stock</source>
        <translation>Niedriger Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of stock</source>
        <translation>Nicht vorrätig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In stock</source>
        <translation>Vorrätig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low: available at or below the reorder level.</source>
        <translation>Niedrig: verfügbarer Bestand auf oder unter dem Meldebestand.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;how:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
</context>
<context>
    <name>sk::InventoryPage</name>
    <message>
        <location filename="../ui/inventory/InventoryPage.cpp" line="+77"/>
        <source>&amp;Receive…</source>
        <translation>&amp;Wareneingang…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Transfer…</source>
        <translation>&amp;Umlagerung…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;djust…</source>
        <translation>&amp;Korrektur…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stoc&amp;ktake…</source>
        <translation>&amp;Inventur…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+299"/>
        <source>Lo&amp;w stock…</source>
        <translation>&amp;Niedriger Bestand…</translation>
    </message>
    <message>
        <location line="-298"/>
        <source>Find stock</source>
        <translation>Bestand suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receive…</source>
        <translation>Wareneingang…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer…</source>
        <translation>Umlagerung…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adjust…</source>
        <translation>Korrektur…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stocktake…</source>
        <translation>Inventur…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name, SKU or barcode; or scan an item</source>
        <translation>Name, SKU oder Barcode; oder einen Artikel scannen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A delivery from a supplier, scanned item by item (Ctrl+R).</source>
        <translation>Eine Lieferung eines Lieferanten, Artikel für Artikel gescannt (Strg+R).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moves stock from one location to another (Ctrl+T).</source>
        <translation>Lagert Bestand von einem Lagerplatz an einen anderen um (Strg+T).</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+399"/>
        <source>Damaged, lost or found stock, with a note saying why (Ctrl+J).</source>
        <translation>Beschädigter, verlorener oder gefundener Bestand, mit einer Notiz zum Grund (Strg+J).</translation>
    </message>
    <message>
        <location line="-398"/>
        <source>Counts the shelves of a location and posts the differences (Ctrl+K).</source>
        <translation>Zählt die Regale eines Lagerplatzes und bucht die Differenzen (Strg+K).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything at or below its reorder level, with what to order.</source>
        <translation>Alles, was den Meldebestand erreicht oder unterschritten hat, mit der Bestellmenge.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Stock levels</source>
        <translation>Lagerbestände</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Inventory</source>
        <translation>Lager</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Lo&amp;w stock (%1)…</source>
        <translation>&amp;Niedriger Bestand (%1)…</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Counting stock lines…</source>
        <translation>Bestandszeilen werden gezählt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No stock line matches</source>
        <translation>Keine Bestandszeile passt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No stock yet</source>
        <translation>Noch kein Bestand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 stock line</source>
        <translation>1 Bestandszeile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 stock lines</source>
        <translation>%1 Bestandszeilen</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Damaged, lost or found stock of the selected line (Ctrl+J).</source>
        <translation>Beschädigter, verlorener oder gefundener Bestand der ausgewählten Zeile (Strg+J).</translation>
    </message>
</context>
<context>
    <name>sk::LockScreen</name>
    <message>
        <location filename="../ui/auth/LockScreen.cpp" line="+31"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;witch user…</source>
        <translation>Benutzer &amp;wechseln…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Storekeeper is locked</source>
        <translation>Storekeeper ist gesperrt</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+1"/>
        <source>Password or PIN</source>
        <translation>Passwort oder PIN</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Signed in as %1 (%2). Enter this account&apos;s password or PIN to continue.</source>
        <translation>Angemeldet als %1 (%2). Geben Sie das Passwort oder die PIN dieses Kontos ein, um fortzufahren.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Enter your password or PIN.</source>
        <translation>Geben Sie Ihr Passwort oder Ihre PIN ein.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>That is not the password or PIN of this account. Try again.</source>
        <translation>Das ist nicht das Passwort oder die PIN dieses Kontos. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>sk::LowStockDialog</name>
    <message>
        <location filename="../ui/inventory/LowStockDialog.cpp" line="+40"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Low stock</source>
        <translation>Niedriger Bestand</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Location</source>
        <translation>Lagerplatz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vendor</source>
        <translation>Händler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reorder at</source>
        <translation>Meldebestand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Order</source>
        <translation>Bestellmenge</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit cost</source>
        <translation>Stückkosten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Order value</source>
        <translation>Bestellwert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The reorder quantity, or enough to reach twice the reorder level.</source>
        <translation>Die Bestellmenge oder so viel, dass der doppelte Meldebestand erreicht wird.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Nothing is at or below its reorder level.</source>
        <translation>Kein Artikel hat seinen Meldebestand erreicht oder unterschritten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lines at or below their reorder level: %1, emptiest first.</source>
        <translation>Zeilen auf oder unter ihrem Meldebestand: %1, die leersten zuerst.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export low stock</source>
        <translation>Niedrigen Bestand exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low-stock-%1.csv</source>
        <translation>niedriger-bestand-%1.csv</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Saved the low stock list to %1 (lines: %2).</source>
        <translation>Die Liste mit niedrigem Bestand wurde in %1 gespeichert (Zeilen: %2).</translation>
    </message>
</context>
<context>
    <name>sk::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="+127"/>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;witch user…</source>
        <translation>Benutzer &amp;wechseln…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Lock</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Storekeeper</source>
        <translation>Ü&amp;ber Storekeeper</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 – Storekeeper</source>
        <translation>%1 – Storekeeper</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>About Storekeeper</source>
        <translation>Über Storekeeper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storekeeper %1</source>
        <translation>Storekeeper %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The back office and register of %1.
Built with Qt %2.</source>
        <translation>Warenwirtschaft und Kasse von %1.
Erstellt mit Qt %2.</translation>
    </message>
</context>
<context>
    <name>sk::MergeCustomerDialog</name>
    <message>
        <location filename="../ui/customers/MergeCustomerDialog.cpp" line="+42"/>
        <source>&amp;Merge…</source>
        <translation>&amp;Zusammenführen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge %1 into…</source>
        <translation>%1 zusammenführen mit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find the customer to keep. The orders, carts, addresses and reviews of %1 move to that customer, and the account of %1 is switched off.</source>
        <translation>Suchen Sie den Kunden, der bleiben soll. Bestellungen, Warenkörbe, Adressen und Bewertungen von %1 gehen auf diesen Kunden über, und das Konto von %1 wird deaktiviert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name, e-mail or phone of the customer to keep</source>
        <translation>Name, E-Mail oder Telefon des Kunden, der bleiben soll</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customers to keep</source>
        <translation>Kunden, die bleiben</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>No other customer matches “%1”.</source>
        <translation>Kein anderer Kunde passt zu „%1“.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Merge customers</source>
        <translation>Kunden zusammenführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge %1 into %2?</source>
        <translation>%1 mit %2 zusammenführen?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders, carts, addresses and reviews of %1 move to %2, and the account of %1 is switched off. This cannot be undone.</source>
        <translation>Bestellungen, Warenkörbe, Adressen und Bewertungen von %1 gehen auf %2 über, und das Konto von %1 wird deaktiviert. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
</context>
<context>
    <name>sk::MovementHistoryPanel</name>
    <message>
        <location filename="../ui/inventory/MovementHistoryPanel.cpp" line="+36"/>
        <source>Stock movements</source>
        <translation>Lagerbewegungen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stocktake %1</source>
        <translation>Inventur %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Movements: select a line above to see its history.</source>
        <translation>Bewegungen: Wählen Sie oben eine Zeile aus, um ihren Verlauf zu sehen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Movements of %1, %2, at every location</source>
        <translation>Bewegungen von %1, %2, an allen Lagerplätzen</translation>
    </message>
</context>
<context>
    <name>sk::NewUserDialog</name>
    <message>
        <location filename="../ui/users/NewUserDialog.cpp" line="+42"/>
        <location line="+130"/>
        <source>New user</source>
        <translation>Neuer Benutzer</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>At least %n characters</source>
        <translation>
            <numerusform>Mindestens %n Zeichen</numerusform>
            <numerusform>Mindestens %n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optional, %1 to %2 digits for the register</source>
        <translation>Optional, %1 bis %2 Ziffern für die Kasse</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;First name:</source>
        <translation>&amp;Vorname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;hone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repea&amp;t password:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;IN:</source>
        <translation>P&amp;IN:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Create user</source>
        <translation>Benutzer &amp;anlegen</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Enter the user&apos;s first name.</source>
        <translation>Geben Sie den Vornamen des Benutzers ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the user&apos;s last name.</source>
        <translation>Geben Sie den Nachnamen des Benutzers ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the user&apos;s e-mail address: it is the name they sign in with.</source>
        <translation>Geben Sie die E-Mail-Adresse des Benutzers ein: Mit ihr meldet er sich an.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation>Die beiden Passwörter stimmen nicht überein. Geben Sie das Passwort in beiden Feldern erneut ein.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Creating the account…</source>
        <translation>Das Konto wird angelegt…</translation>
    </message>
</context>
<context>
    <name>sk::NotificationTableModel</name>
    <message>
        <location filename="../models/NotificationTableModel.cpp" line="+58"/>
        <source>Sent %1</source>
        <translation>Gesendet %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry at %1</source>
        <translation>Neuer Versuch um %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>sk::NotificationsPage</name>
    <message>
        <location filename="../ui/notifications/NotificationsPage.cpp" line="+44"/>
        <source>To: %1</source>
        <translation>An: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject: %1</source>
        <translation>Betreff: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued: %1</source>
        <translation>Eingereiht: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Status: %1, %n attempt(s)</source>
        <translation>
            <numerusform>Status: %1, %n Versuch</numerusform>
            <numerusform>Status: %1, %n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent: %1</source>
        <translation>Gesendet: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next attempt: %1</source>
        <translation>Nächster Versuch: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search by recipient</source>
        <translation>Nach Empfänger suchen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the selected failed message again (Ctrl+R)</source>
        <translation>Die ausgewählte fehlgeschlagene Nachricht erneut senden (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Choose a message to read it.</source>
        <translation>Wählen Sie eine Nachricht, um sie zu lesen.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mail server</source>
        <translation>Mailserver</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail to customers and staff: order updates, refunds, low stock and password resets, as they are sent.</source>
        <translation>E-Mails an Kunden und Mitarbeiter: Bestellaktualisierungen, Erstattungen, niedriger Bestand und Passwortrücksetzungen, so wie sie gesendet werden.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n message(s) shown, scroll for more</source>
        <translation>
            <numerusform>%n Nachricht angezeigt, für mehr scrollen</numerusform>
            <numerusform>%n Nachrichten angezeigt, für mehr scrollen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+86"/>
        <source>The message is queued again and will be sent shortly.</source>
        <translation>Die Nachricht ist erneut eingereiht und wird in Kürze gesendet.</translation>
    </message>
</context>
<context>
    <name>sk::OpenShiftDialog</name>
    <message>
        <location filename="../ui/register/OpenShiftDialog.cpp" line="+29"/>
        <source>Open shift</source>
        <translation>Schicht öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No shift is open on this register. Count the cash in the drawer and type it as the float.</source>
        <translation>An dieser Kasse ist keine Schicht offen. Zählen Sie das Bargeld in der Kassenlade und geben Sie es als Wechselgeldbestand ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cash &amp;float:</source>
        <translation>&amp;Wechselgeldbestand:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open shift</source>
        <translation>Schicht &amp;öffnen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Type the float as an amount, e.g. 150.00 (0 for an empty drawer).</source>
        <translation>Geben Sie den Wechselgeldbestand als Betrag ein, z. B. 150.00 (0 für eine leere Kassenlade).</translation>
    </message>
</context>
<context>
    <name>sk::OrderDetailPanel</name>
    <message>
        <location filename="../ui/orders/OrderDetailPanel.cpp" line="+13"/>
        <source>Con&amp;firm</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start &amp;processing</source>
        <translation>&amp;In Bearbeitung nehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;hip…</source>
        <translation>&amp;Versenden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark &amp;delivered</source>
        <translation>Als &amp;zugestellt markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ca&amp;ncel order…</source>
        <translation>Bestellung st&amp;ornieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refund lines…</source>
        <translation>Zeilen &amp;erstatten…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Returned</source>
        <translation>Zurückgegeben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit price</source>
        <translation>Stückpreis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Tender</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+2"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <location line="+1"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Lines</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Records the carrier and tracking number; the reserved stock leaves the shop.</source>
        <translation>Erfasst Versanddienstleister und Sendungsnummer; der reservierte Bestand verlässt den Shop.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases the reserved stock and refunds what was paid.</source>
        <translation>Gibt den reservierten Bestand frei und erstattet das Bezahlte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gives lines back, restocked or written off, to the original payment.</source>
        <translation>Nimmt Zeilen zurück, wieder eingelagert oder abgeschrieben, und erstattet auf die ursprüngliche Zahlung.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Lines</source>
        <translation>Zei&amp;len</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pa&amp;yments</source>
        <translation>Za&amp;hlungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;funds</source>
        <translation>E&amp;rstattungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeline</source>
        <translation>Verl&amp;auf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Addr&amp;esses</source>
        <translation>A&amp;dressen</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No order chosen</source>
        <translation>Keine Bestellung ausgewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose an order in the list (Enter shows it here).</source>
        <translation>Wählen Sie eine Bestellung in der Liste (Enter zeigt sie hier an).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Order %1 · %2</source>
        <translation>Bestellung %1 · %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer: %1</source>
        <translation>Kunde: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No customer</source>
        <translation>Kein Kunde</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clerk: %1</source>
        <translation>Kassierer: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shipped with %1, tracking %2</source>
        <translation>Versendet mit %1, Sendungsnummer %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subtotal %1 · Discount %2 · Tax %3</source>
        <translation>Zwischensumme %1 · Rabatt %2 · Steuer %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · Shipping %1</source>
        <translation> · Versand %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · Total %1</source>
        <translation> · Summe %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · Paid %1</source>
        <translation> · Bezahlt %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · Refunded %1</source>
        <translation> · Erstattet %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the lines of your own products are shown.</source>
        <translation>Nur die Zeilen Ihrer eigenen Produkte werden angezeigt.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (written off: %1)</source>
        <translation> (abgeschrieben: %1)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Storekeeper</source>
        <translation>Storekeeper</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sold in store%1: no addresses.</source>
        <translation>Im Laden verkauft%1: keine Adressen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This order has no addresses.</source>
        <translation>Diese Bestellung hat keine Adressen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ship to:</source>
        <translation>Lieferung an:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bill to:</source>
        <translation>Rechnung an:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shipping address</source>
        <translation>Die Lieferadresse</translation>
    </message>
</context>
<context>
    <name>sk::OrderFilterBar</name>
    <message>
        <location filename="../ui/orders/OrderFilterBar.cpp" line="+69"/>
        <location line="+1"/>
        <source>Any day</source>
        <translation>Beliebiger Tag</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cl&amp;erk:</source>
        <translation>Kass&amp;ierer:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;lear filters</source>
        <translation>Filter &amp;leeren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open (pending, confirmed, processing)</source>
        <translation>Offen (ausstehend, bestätigt, in Bearbeitung)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Both channels</source>
        <translation>Beide Kanäle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;hannel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;o:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first day of the orders shown.</source>
        <translation>Der erste Tag der angezeigten Bestellungen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last day of the orders shown (included).</source>
        <translation>Der letzte Tag der angezeigten Bestellungen (eingeschlossen).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name or e-mail</source>
        <translation>Name oder E-Mail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;ustomer:</source>
        <translation>K&amp;unde:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All vendors</source>
        <translation>Alle Händler</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All clerks</source>
        <translation>Alle Kassierer</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Amount:</source>
        <translation>Betr&amp;ag:</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>The lowest amount “%1” is not an amount. Type it like 12.50.</source>
        <translation>Der Mindestbetrag „%1“ ist kein Betrag. Geben Sie ihn wie 12.50 ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The highest amount “%1” is not an amount. Type it like 12.50.</source>
        <translation>Der Höchstbetrag „%1“ ist kein Betrag. Geben Sie ihn wie 12.50 ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The lowest amount is above the highest amount. Swap them or clear one.</source>
        <translation>Der Mindestbetrag liegt über dem Höchstbetrag. Tauschen Sie sie oder leeren Sie einen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first day is after the last day. Swap them or clear one.</source>
        <translation>Der erste Tag liegt nach dem letzten Tag. Tauschen Sie sie oder leeren Sie einen.</translation>
    </message>
</context>
<context>
    <name>sk::OrderTableModel</name>
    <message>
        <location filename="../models/OrderTableModel.cpp" line="+55"/>
        <source>The lines of your own products only.</source>
        <translation>Nur die Zeilen Ihrer eigenen Produkte.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
</context>
<context>
    <name>sk::OrdersPage</name>
    <message>
        <location filename="../ui/orders/OrdersPage.cpp" line="+84"/>
        <location line="+327"/>
        <source>Change &amp;status…</source>
        <translation>&amp;Status ändern…</translation>
    </message>
    <message>
        <location line="-326"/>
        <source>Reloa&amp;d</source>
        <translation>Neu la&amp;den</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find orders</source>
        <translation>Bestellungen suchen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Order number, or the customer&apos;s name or e-mail</source>
        <translation>Bestellnummer oder Name bzw. E-Mail des Kunden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;earch:</source>
        <translation>Su&amp;chen:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Moves every selected order to another status.</source>
        <translation>Setzt jede ausgewählte Bestellung auf einen anderen Status.</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+94"/>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>Counting orders…</source>
        <translation>Bestellungen werden gezählt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No order matches</source>
        <translation>Keine Bestellung passt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No orders yet</source>
        <translation>Noch keine Bestellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 order</source>
        <translation>1 Bestellung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 orders</source>
        <translation>%1 Bestellungen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Change &amp;status of %1 orders…</source>
        <translation>&amp;Status von %1 Bestellungen ändern…</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Order %1 is now “%2”.</source>
        <translation>Bestellung %1 ist jetzt „%2“.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Order %1 shipped with %2, tracking %3.</source>
        <translation>Bestellung %1 versendet mit %2, Sendungsnummer %3.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancel order %1</source>
        <translation>Bestellung %1 stornieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelling releases the reserved stock and refunds what was paid (%1). Why is the order cancelled?</source>
        <translation>Das Stornieren gibt den reservierten Bestand frei und erstattet das Bezahlte (%1). Warum wird die Bestellung storniert?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel the order</source>
        <translation>Bestellung stornieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the order</source>
        <translation>Bestellung behalten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why the order is cancelled; nothing was changed.</source>
        <translation>Geben Sie an, warum die Bestellung storniert wird; nichts wurde geändert.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Order %1 is cancelled.</source>
        <translation>Bestellung %1 ist storniert.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Refund lines of order %1</source>
        <translation>Zeilen von Bestellung %1 erstatten</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>1 order is now “%1”.</source>
        <translation>1 Bestellung ist jetzt „%1“.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 orders are now “%2”.</source>
        <translation>%1 Bestellungen sind jetzt „%2“.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 kept its status:</source>
        <translation>1 behielt ihren Status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 kept their status:</source>
        <translation>%1 behielten ihren Status:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(and %1 more)</source>
        <translation>(und %1 weitere)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No order was changed. Try again.</source>
        <translation>Keine Bestellung wurde geändert. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>sk::ParkedCartsDialog</name>
    <message>
        <location filename="../ui/register/ParkedCartsDialog.cpp" line="+17"/>
        <source>Parked sales</source>
        <translation>Geparkte Verkäufe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Parked sale</source>
        <translation>Geparkter Verkauf</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 · %n item(s) · %2 · %3</source>
        <translation>
            <numerusform>%1 · %n Artikel · %2 · %3</numerusform>
            <numerusform>%1 · %n Artikel · %2 · %3</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Recall</source>
        <translation>&amp;Wiederaufnehmen</translation>
    </message>
</context>
<context>
    <name>sk::PaymentDialog</name>
    <message>
        <location filename="../ui/register/PaymentDialog.cpp" line="+64"/>
        <source>&amp;Void payment</source>
        <translation>Zahlung &amp;stornieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash (F1)</source>
        <translation>Bar (F1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take &amp;cash</source>
        <translation>&amp;Bar kassieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card (F3)</source>
        <translation>Karte (F3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Charge c&amp;ard</source>
        <translation>&amp;Karte belasten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop waiting</source>
        <translation>Nicht mehr warten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Other tender</source>
        <translation>&amp;Andere Zahlungsart</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Receipt</source>
        <translation>Kasse&amp;nbon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New sale</source>
        <translation>Neuer &amp;Verkauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Payment</source>
        <translation>Zahlung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payments taken</source>
        <translation>Erhaltene Zahlungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Amount handed over</source>
        <translation>Übergebener Betrag</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Amount:</source>
        <translation>Betrag:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting for the card terminal…</source>
        <translation>Warten auf das Kartenterminal…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No longer waiting. If the card terminal approves, the payment appears here.</source>
        <translation>Es wird nicht mehr gewartet. Wenn das Kartenterminal zustimmt, erscheint die Zahlung hier.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as P&amp;DF…</source>
        <translation>Als &amp;PDF speichern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Receipt printer</source>
        <translation>Bondr&amp;ucker</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Exact %1</source>
        <translation>Passend %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Type an amount above zero, e.g. 20 or 12.50.</source>
        <translation>Geben Sie einen Betrag über null ein, z. B. 20 oder 12.50.</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>The card was declined. Ask for another card or take another tender.</source>
        <translation>Die Karte wurde abgelehnt. Bitten Sie um eine andere Karte oder wählen Sie eine andere Zahlungsart.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The card terminal has not answered yet. Retry to ask again, or take another tender.</source>
        <translation>Das Kartenterminal hat noch nicht geantwortet. Versuchen Sie es erneut, um nachzufragen, oder wählen Sie eine andere Zahlungsart.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The payment was voided; give the money back if it was cash.</source>
        <translation>Die Zahlung wurde storniert; geben Sie das Geld zurück, falls bar bezahlt wurde.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2 ···· %3)</source>
        <translation>%1 (%2 ···· %3)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Receipt %1</source>
        <translation>Kassenbon %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid in full. Enter starts the next sale.</source>
        <translation>Vollständig bezahlt. Die Eingabetaste startet den nächsten Verkauf.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give back %1 in change. Enter starts the next sale.</source>
        <translation>Geben Sie %1 Rückgeld. Die Eingabetaste startet den nächsten Verkauf.</translation>
    </message>
</context>
<context>
    <name>sk::PaymentSettingsForm</name>
    <message>
        <location filename="../ui/settings/PaymentSettingsForm.cpp" line="+51"/>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>https://gateway.example.com</source>
        <translation>https://gateway.example.com</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The terminal&apos;s id as the payment service knows it, for example R1.</source>
        <translation>Die Kennung des Terminals, wie der Zahlungsdienst sie kennt, zum Beispiel R1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long the register waits for each answer before it asks again.</source>
        <translation>Wie lange die Kasse auf jede Antwort wartet, bevor sie erneut fragt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asks the payment service about a payment that does not exist, with the address and key above; nothing is charged.</source>
        <translation>Fragt den Zahlungsdienst mit obiger Adresse und obigem Schlüssel nach einer nicht existierenden Zahlung; es wird nichts belastet.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Leave empty to take cash only: the register then offers no card payments.</source>
        <translation>Leer lassen, um nur Bargeld anzunehmen: Die Kasse bietet dann keine Kartenzahlung an.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gateway &amp;address:</source>
        <translation>Gateway-&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ter&amp;minal id:</source>
        <translation>Ter&amp;minal-ID:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time&amp;out:</source>
        <translation>Zeitl&amp;imit:</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No key saved</source>
        <translation>Kein Schlüssel gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The key the payment service gave the shop.</source>
        <translation>Der Schlüssel, den der Zahlungsdienst dem Shop gegeben hat.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A key is saved</source>
        <translation>Ein Schlüssel ist gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A key is saved. Leave the field empty to keep it, or type a new key to replace it.</source>
        <translation>Ein Schlüssel ist gespeichert. Lassen Sie das Feld leer, um ihn zu behalten, oder geben Sie einen neuen Schlüssel ein, um ihn zu ersetzen.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Enter the gateway&apos;s address first. Without one the register takes cash only.</source>
        <translation>Geben Sie zuerst die Adresse des Gateways ein. Ohne sie nimmt die Kasse nur Bargeld an.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Asking the payment service…</source>
        <translation>Zahlungsdienst wird abgefragt…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The payment service refused this API key. Enter the key it gave the shop.</source>
        <translation>Der Zahlungsdienst hat diesen API-Schlüssel abgelehnt. Geben Sie den Schlüssel ein, den er dem Shop gegeben hat.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The payment service answered and accepted the API key.</source>
        <translation>Der Zahlungsdienst hat geantwortet und den API-Schlüssel akzeptiert.</translation>
    </message>
</context>
<context>
    <name>sk::PriceOverrideDialog</name>
    <message>
        <location filename="../ui/register/PriceOverrideDialog.cpp" line="+35"/>
        <source>Price of %1</source>
        <translation>Preis von %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why, e.g. price match</source>
        <translation>Grund, z. B. Preisangleichung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog price:</source>
        <translation>Katalogpreis:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New price:</source>
        <translation>&amp;Neuer Preis:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the catalog price</source>
        <translation>Zurück zum Katalogpreis</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Type the new price as an amount, e.g. 4.99.</source>
        <translation>Geben Sie den neuen Preis als Betrag ein, z. B. 4.99.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why the price is changed.</source>
        <translation>Geben Sie an, warum der Preis geändert wird.</translation>
    </message>
</context>
<context>
    <name>sk::ProductEditorAttributes</name>
    <message>
        <location filename="../ui/catalog/ProductEditorAttributes.cpp" line="+16"/>
        <source>Add &amp;attribute</source>
        <translation>&amp;Attribut hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove attribute</source>
        <translation>Attribut &amp;entfernen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>add attribute</source>
        <translation>Attribut hinzufügen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>remove attribute %1</source>
        <translation>Attribut %1 entfernen</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>rename attribute %1</source>
        <translation>Attribut %1 umbenennen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit attribute %1</source>
        <translation>Attribut %1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>sk::ProductEditorDialog</name>
    <message>
        <location filename="../ui/catalog/ProductEditorDialog.cpp" line="+78"/>
        <source>&amp;Add variant</source>
        <translation>Variante &amp;hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move variant</source>
        <translation>Variante ent&amp;fernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Generate variants…</source>
        <translation>Varianten &amp;erzeugen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Add pictures…</source>
        <translation>Bilder hin&amp;zufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move picture</source>
        <translation>Bild entfer&amp;nen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move &amp;earlier</source>
        <translation>Nach v&amp;orn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move &amp;later</source>
        <translation>Nach &amp;hinten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Details</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variants</source>
        <translation>&amp;Varianten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pictures</source>
        <translation>&amp;Bilder</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A&amp;ttributes</source>
        <translation>A&amp;ttribute</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save the product (%1)</source>
        <translation>Produkt speichern (%1)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Made from the name when empty</source>
        <translation>Wird aus dem Namen gebildet, wenn leer</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Web name:</source>
        <translation>&amp;Webname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Brand:</source>
        <translation>&amp;Marke:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>B&amp;eschreibung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vend&amp;or:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Category:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stat&amp;us:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ta&amp;x class:</source>
        <translation>Steuerkl&amp;asse:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>edit name</source>
        <translation>Name bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit web name</source>
        <translation>Webname bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit brand</source>
        <translation>Marke bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit description</source>
        <translation>Beschreibung bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change vendor</source>
        <translation>Händler ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change category</source>
        <translation>Kategorie ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change status</source>
        <translation>Status ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change tax class</source>
        <translation>Steuerklasse ändern</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Amounts in the shop&apos;s currency, like 19.99. Weight in grams. Double-click or type to edit a cell.</source>
        <translation>Beträge in der Währung des Ladens, etwa 19.99. Gewicht in Gramm. Doppelklicken oder tippen Sie, um eine Zelle zu bearbeiten.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>What the picture shows, for screen readers and the web shop</source>
        <translation>Was das Bild zeigt, für Screenreader und den Webshop</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>reorder pictures</source>
        <translation>Bilder neu anordnen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The first picture is the one lists and the web shop show. Drag a picture or use the buttons to change the order.</source>
        <translation>Das erste Bild ist das, das Listen und der Webshop zeigen. Ziehen Sie ein Bild oder verwenden Sie die Schaltflächen, um die Reihenfolge zu ändern.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Desc&amp;ription:</source>
        <translation>Beschreib&amp;ung:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No category</source>
        <translation>Keine Kategorie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The shop itself</source>
        <translation>Der Laden selbst</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Vendor %1</source>
        <translation>Händler %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Category %1</source>
        <translation>Kategorie %1</translation>
    </message>
    <message>
        <location line="+152"/>
        <source>add variant</source>
        <translation>Variante hinzufügen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>remove variants %1</source>
        <translation>Varianten %1 entfernen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>generate variants</source>
        <translation>Varianten erzeugen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Add pictures</source>
        <translation>Bilder hinzufügen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>add pictures</source>
        <translation>Bilder hinzufügen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>add picture</source>
        <translation>Bild hinzufügen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>remove picture %1</source>
        <translation>Bild %1 entfernen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>move picture %1</source>
        <translation>Bild %1 verschieben</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>describe picture %1</source>
        <translation>Bild %1 beschreiben</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>The value &quot;%1&quot; has no attribute name. Name it or remove the row.</source>
        <translation>Der Wert „%1“ hat keinen Attributnamen. Benennen Sie ihn oder entfernen Sie die Zeile.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+22"/>
        <source>Save product</source>
        <translation>Produkt speichern</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Reload the product</source>
        <translation>Produkt neu &amp;laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keep my changes</source>
        <translation>Meine Änderungen &amp;behalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reloading shows the saved product and drops your unsaved changes.</source>
        <translation>Neu laden zeigt das gespeicherte Produkt und verwirft Ihre ungespeicherten Änderungen.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the changes to this product before closing?</source>
        <translation>Die Änderungen an diesem Produkt vor dem Schließen speichern?</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Product – %1[*]</source>
        <translation>Produkt – %1[*]</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unnamed</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New product[*]</source>
        <translation>Neues Produkt[*]</translation>
    </message>
</context>
<context>
    <name>sk::ProductSearchPopup</name>
    <message>
        <location filename="../ui/register/ProductSearchPopup.cpp" line="+38"/>
        <source>Find an item</source>
        <translation>Artikel suchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name or SKU</source>
        <translation>Name oder SKU</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Matching items</source>
        <translation>Passende Artikel</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing matches “%1”.</source>
        <translation>Nichts passt zu „%1“.</translation>
    </message>
</context>
<context>
    <name>sk::ProductTableModel</name>
    <message>
        <location filename="../models/ProductTableModel.cpp" line="+314"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No longer available</source>
        <translation>Nicht mehr verfügbar</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1 out of 5 from %Ln review(s)</source>
        <translation>
            <numerusform>%1 von 5 aus %Ln Bewertung</numerusform>
            <numerusform>%1 von 5 aus %Ln Bewertungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Picture</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brand</source>
        <translation>Marke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Händler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variants</source>
        <translation>Varianten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>sk::ReceiptPrinterForm</name>
    <message>
        <location filename="../ui/settings/ReceiptPrinterForm.cpp" line="+43"/>
        <source>Open the cash &amp;drawer when a sale or refund involves cash</source>
        <translation>&amp;Kassenlade öffnen, wenn ein Verkauf oder eine Erstattung Bargeld betrifft</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>None: the print dialog or a PDF</source>
        <translation>Keiner: Druckdialog oder PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network receipt printer (ESC/POS)</source>
        <translation>Netzwerk-Bondrucker (ESC/POS)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>IP address or host name, e.g. 192.168.1.50</source>
        <translation>IP-Adresse oder Hostname, z. B. 192.168.1.50</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receipt printers take print jobs on port %1.</source>
        <translation>Bondrucker nehmen Druckaufträge auf Port %1 an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>32 characters (58 mm paper)</source>
        <translation>32 Zeichen (58-mm-Papier)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>42 characters (80 mm paper)</source>
        <translation>42 Zeichen (80-mm-Papier)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>48 characters (80 mm paper, small font)</source>
        <translation>48 Zeichen (80-mm-Papier, kleine Schrift)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CP858: Western European with €</source>
        <translation>CP858: Westeuropäisch mit €</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CP437: US, without €</source>
        <translation>CP437: US, ohne €</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Printer:</source>
        <translation>&amp;Drucker:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper &amp;width:</source>
        <translation>Papier&amp;breite:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code pa&amp;ge:</source>
        <translation>Code&amp;seite:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>For this computer&apos;s register, %1. The Register page chooses which register it is.</source>
        <translation>Für die Kasse dieses Computers, %1. Auf der Seite „Kasse“ wird gewählt, welche Kasse es ist.</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n characters</source>
        <translation>
            <numerusform>%n Zeichen</numerusform>
            <numerusform>%n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Enter the receipt printer&apos;s IP address (for example 192.168.1.50) or host name, or choose no printer.</source>
        <translation>Geben Sie die IP-Adresse (zum Beispiel 192.168.1.50) oder den Hostnamen des Bondruckers ein oder wählen Sie keinen Drucker.</translation>
    </message>
</context>
<context>
    <name>sk::ReceiveDialog</name>
    <message>
        <location filename="../ui/inventory/ReceiveDialog.cpp" line="+39"/>
        <source>&amp;Receive</source>
        <translation>Wareneingang &amp;buchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move line</source>
        <translation>Zeile ent&amp;fernen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receive stock</source>
        <translation>Wareneingang</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who delivered</source>
        <translation>Wer geliefert hat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their delivery note or invoice number</source>
        <translation>Lieferschein- oder Rechnungsnummer des Lieferanten</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Supplier:</source>
        <translation>&amp;Lieferant:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;eference:</source>
        <translation>&amp;Referenz:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Location:</source>
        <translation>Lager&amp;platz:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;can:</source>
        <translation>S&amp;cannen:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Takes the selected line off the receipt (Ctrl+Del).</source>
        <translation>Entfernt die ausgewählte Zeile aus dem Wareneingang (Strg+Entf).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Posts the receipt (Ctrl+Enter).</source>
        <translation>Bucht den Wareneingang (Strg+Eingabetaste).</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Lines: %1 · units: %2</source>
        <translation>Zeilen: %1 · Einheiten: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · cost: %2</source>
        <translation>%1 · Kosten: %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose where the delivery goes.</source>
        <translation>Wählen Sie den Lagerplatz für die Lieferung.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Received %1 units into %2 (receipt %3).</source>
        <translation>%1 Einheiten am Lagerplatz %2 eingebucht (Wareneingang %3).</translation>
    </message>
</context>
<context>
    <name>sk::RegisterPage</name>
    <message>
        <location filename="../ui/register/RegisterPage.cpp" line="+111"/>
        <source>Scan an item, or type a barcode or SKU (3* before it for three units)</source>
        <translation>Artikel scannen oder Barcode bzw. SKU eingeben (3* davor für drei Stück)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Scan:</source>
        <translation>&amp;Scannen:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This register</source>
        <translation>Diese Kasse</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shift (F8)</source>
        <translation>Schicht (F8)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Cart</source>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>F2 Find · F4 Quantity · F6 Discount (Shift: sale) · F7 Price · Del Remove · F9 Customer · F10 Park (Shift: recall) · F11 Return · F12 Pay</source>
        <translation>F2 Suchen · F4 Menge · F6 Rabatt (Shift: Verkauf) · F7 Preis · Del Entfernen · F9 Kunde · F10 Parken (Shift: wiederaufnehmen) · F11 Rückgabe · F12 Bezahlen</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Find an item</source>
        <translation>Artikel suchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+450"/>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location line="-449"/>
        <source>Discount on the line</source>
        <translation>Rabatt auf die Zeile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount on the sale</source>
        <translation>Rabatt auf den Verkauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price override</source>
        <translation>Preis überschreiben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove line</source>
        <translation>Zeile entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+572"/>
        <source>Park the sale</source>
        <translation>Verkauf parken</translation>
    </message>
    <message>
        <location line="-571"/>
        <source>Recall a parked sale</source>
        <translation>Geparkten Verkauf wiederaufnehmen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Return…</source>
        <translation>Rückgabe…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay</source>
        <translation>Bezahlen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open shift…</source>
        <translation>Schicht &amp;öffnen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash &amp;in or out…</source>
        <translation>Bargeld &amp;ein- oder auszahlen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;X report</source>
        <translation>&amp;X-Bericht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close shift…</source>
        <translation>Schicht &amp;schließen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Return…</source>
        <translation>&amp;Rückgabe…</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Type a quantity from 1 to %1 before the *.</source>
        <translation>Geben Sie vor dem * eine Menge von 1 bis %1 ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select a line first, or scan an item after the *.</source>
        <translation>Wählen Sie zuerst eine Zeile aus oder scannen Sie nach dem * einen Artikel.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The register is still loading; try again in a moment.</source>
        <translation>Die Kasse wird noch geladen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No shift is open on this register. Open one with the cash float (F8) before the first sale.</source>
        <translation>An dieser Kasse ist keine Schicht offen. Öffnen Sie vor dem ersten Verkauf eine mit dem Wechselgeldbestand (F8).</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Register %1</source>
        <translation>Kasse %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk: %1</source>
        <translation>Kassierer: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift open since %1</source>
        <translation>Schicht offen seit %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No shift open</source>
        <translation>Keine Schicht offen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No customer</source>
        <translation>Kein Kunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Customer: %1</source>
        <translation>Kunde: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+151"/>
        <source>The cart is empty: scan an item first.</source>
        <translation>Der Warenkorb ist leer: Scannen Sie zuerst einen Artikel.</translation>
    </message>
    <message>
        <location line="-147"/>
        <source>Open a shift with the cash float first (F8).</source>
        <translation>Öffnen Sie zuerst eine Schicht mit dem Wechselgeldbestand (F8).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Sale %1 complete.</source>
        <translation>Verkauf %1 abgeschlossen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale %1 complete. Change: %2</source>
        <translation>Verkauf %1 abgeschlossen. Rückgeld: %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+50"/>
        <location line="+28"/>
        <location line="+31"/>
        <source>Select a line first (Up and Down in the scan box).</source>
        <translation>Wählen Sie zuerst eine Zeile aus (Pfeil nach oben und unten im Scanfeld).</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Quantity of %1 (0 removes the line):</source>
        <translation>Menge von %1 (0 entfernt die Zeile):</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>The cart is empty: there is nothing to park.</source>
        <translation>Der Warenkorb ist leer: Es gibt nichts zu parken.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A name to find it by when it is recalled:</source>
        <translation>Ein Name, unter dem er beim Wiederaufnehmen zu finden ist:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Parked at %1</source>
        <translation>Geparkt um %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Parked as “%1”. Shift+F10 brings it back.</source>
        <translation>Geparkt als „%1“. Shift+F10 holt ihn zurück.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No sales are parked on this register.</source>
        <translation>An dieser Kasse sind keine Verkäufe geparkt.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>A shift is already open on this register.</source>
        <translation>An dieser Kasse ist bereits eine Schicht offen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The shift is open. Scan the first item.</source>
        <translation>Die Schicht ist offen. Scannen Sie den ersten Artikel.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open a shift first (F8).</source>
        <translation>Öffnen Sie zuerst eine Schicht (F8).</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No shift is open on this register.</source>
        <translation>An dieser Kasse ist keine Schicht offen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finish or park the sale in the cart before closing the shift.</source>
        <translation>Schließen Sie den Verkauf im Warenkorb ab oder parken Sie ihn, bevor Sie die Schicht schließen.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The shift is closed. Open a new one with F8 before the next sale.</source>
        <translation>Die Schicht ist geschlossen. Öffnen Sie vor dem nächsten Verkauf mit F8 eine neue.</translation>
    </message>
</context>
<context>
    <name>sk::ReportRangeBar</name>
    <message>
        <location filename="../ui/reports/ReportRangeBar.cpp" line="+15"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last month</source>
        <translation>Letzter Monat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This year</source>
        <translation>Dieses Jahr</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Period:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;o:</source>
        <translation>Bi&amp;s:</translation>
    </message>
</context>
<context>
    <name>sk::ReportsPage</name>
    <message>
        <location filename="../ui/reports/ReportsPage.cpp" line="+47"/>
        <source>&amp;By:</source>
        <translation>&amp;Nach:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export P&amp;DF…</source>
        <translation>P&amp;DF exportieren…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Week</source>
        <translation>Woche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Report:</source>
        <translation>&amp;Bericht:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Report figures</source>
        <translation>Berichtszahlen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s sales, refunds, tax and stock over the business days you pick.</source>
        <translation>Verkäufe, Erstattungen, Steuer und Bestand des Shops über die gewählten Geschäftstage.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sales of your products over the business days you pick.</source>
        <translation>Die Verkäufe Ihrer Produkte über die gewählten Geschäftstage.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Sales over time</source>
        <translation>Verkäufe im Zeitverlauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales by category</source>
        <translation>Verkäufe nach Kategorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales by vendor</source>
        <translation>Verkäufe nach Händler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales by clerk</source>
        <translation>Verkäufe nach Kassierer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payments by tender</source>
        <translation>Zahlungen nach Zahlungsart</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top products</source>
        <translation>Top-Produkte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discounts</source>
        <translation>Rabatte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inventory value</source>
        <translation>Lagerwert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Low stock</source>
        <translation>Niedriger Bestand</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The first day is after the last day. Pick a first day on or before the last.</source>
        <translation>Der erste Tag liegt nach dem letzten Tag. Wählen Sie einen ersten Tag am oder vor dem letzten.</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>The first %1 items to reorder, emptiest first. The Inventory page lists and exports them all.</source>
        <translation>Die ersten %1 nachzubestellenden Artikel, die leersten zuerst. Die Seite „Bestand“ listet und exportiert sie alle.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stock on hand now</source>
        <translation>Aktueller Bestand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No sales or refunds in this range. Pick another range above.</source>
        <translation>Keine Verkäufe oder Erstattungen in diesem Zeitraum. Wählen Sie oben einen anderen Zeitraum.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Export PDF</source>
        <translation>PDF exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
</context>
<context>
    <name>sk::ReturnDialog</name>
    <message>
        <location filename="../ui/register/ReturnDialog.cpp" line="+37"/>
        <source>&amp;Give back</source>
        <translation>&amp;Erstatten</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Return</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Scan or type the receipt number, e.g. R1-000042, then Enter</source>
        <translation>Scannen oder geben Sie die Bonnummer ein, z. B. R1-000042, dann Eingabetaste</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sold</source>
        <translation>Verkauft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Goods</source>
        <translation>Ware</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write-off reason</source>
        <translation>Abschreibungsgrund</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>To the original tender</source>
        <translation>Auf die ursprüngliche Zahlungsart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why, e.g. wrong size</source>
        <translation>Grund, z. B. falsche Größe</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Receipt:</source>
        <translation>&amp;Kassenbon:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refund:</source>
        <translation>Erstattung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;eason:</source>
        <translation>Gr&amp;und:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount:</source>
        <translation>Betrag:</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Sale %1 of %2: %3 paid, %4 refunded so far.</source>
        <translation>Verkauf %1 vom %2: %3 bezahlt, bisher %4 erstattet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> of %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back on the shelf</source>
        <translation>Zurück ins Regal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write off</source>
        <translation>Abschreiben</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. broken</source>
        <translation>z. B. zerbrochen</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Say why %1 is written off.</source>
        <translation>Geben Sie an, warum %1 abgeschrieben wird.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose how many units of which lines come back.</source>
        <translation>Wählen Sie, wie viele Stück welcher Zeilen zurückkommen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why the goods come back.</source>
        <translation>Geben Sie an, warum die Ware zurückkommt.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Refunded %1 to the card. Nothing to hand over.</source>
        <translation>%1 auf die Karte erstattet. Nichts auszuzahlen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hand back %1 in cash.</source>
        <translation>Zahlen Sie %1 bar aus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hand back %1 in cash; %2 went back to the card.</source>
        <translation>Zahlen Sie %1 bar aus; %2 gingen zurück auf die Karte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return of %1: %2</source>
        <translation>Rückgabe von %1: %2</translation>
    </message>
</context>
<context>
    <name>sk::ReviewDetailPanel</name>
    <message>
        <location filename="../ui/reviews/ReviewDetailPanel.cpp" line="+36"/>
        <source>Vendor&apos;s repl&amp;y:</source>
        <translation>A&amp;ntwort des Händlers:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save r&amp;eply</source>
        <translation>Antwort &amp;speichern</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Review text</source>
        <translation>Bewertungstext</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A public answer under the review (Ctrl+Enter saves).</source>
        <translation>Eine öffentliche Antwort unter der Bewertung (Ctrl+Enter speichert).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saves the reply; an empty reply removes it (Ctrl+Enter in the box).</source>
        <translation>Speichert die Antwort; eine leere Antwort entfernt sie (Ctrl+Enter im Feld).</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No review selected</source>
        <translation>Keine Bewertung ausgewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a review in the list to read it, moderate it or reply.</source>
        <translation>Wählen Sie eine Bewertung in der Liste, um sie zu lesen, zu moderieren oder zu beantworten.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no title)</source>
        <translation>(kein Titel)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>by %1 &lt;%2&gt;</source>
        <translation>von %1 &lt;%2&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verified purchase, order %1</source>
        <translation>verifizierter Kauf, Bestellung %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>order %1 does not hold this product</source>
        <translation>Bestellung %1 enthält dieses Produkt nicht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(The customer gave stars without words.)</source>
        <translation>(Der Kunde hat Sterne ohne Worte vergeben.)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 on %2</source>
        <translation>%1 am %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 by %2 on %3</source>
        <translation>%1 von %2 am %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>: “%1”</source>
        <translation>: „%1“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vendor&apos;s reply: %1</source>
        <translation>Antwort des Händlers: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 reviews selected</source>
        <translation>%1 Bewertungen ausgewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve, reject or hide them all at once.</source>
        <translation>Alle auf einmal freigeben, ablehnen oder ausblenden.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>%1 of at most %2 characters: shorten the reply.</source>
        <translation>%1 von höchstens %2 Zeichen: Kürzen Sie die Antwort.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>sk::ReviewFilterBar</name>
    <message>
        <location filename="../ui/reviews/ReviewFilterBar.cpp" line="+38"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Händler:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;lear filters</source>
        <translation>Filter &amp;leeren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Product name, or #id</source>
        <translation>Produktname oder #ID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Product:</source>
        <translation>&amp;Produkt:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any rating</source>
        <translation>Jede Bewertung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ra&amp;ting:</source>
        <translation>Ster&amp;ne:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All purchases</source>
        <translation>Alle Käufe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not verified</source>
        <translation>Nicht verifiziert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified: the review&apos;s order holds the product.</source>
        <translation>Verifiziert: Die Bestellung der Bewertung enthält das Produkt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pu&amp;rchase:</source>
        <translation>&amp;Kauf:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All vendors</source>
        <translation>Alle Händler</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The shop&apos;s own products</source>
        <translation>Eigene Produkte des Shops</translation>
    </message>
</context>
<context>
    <name>sk::ReviewTableModel</name>
    <message>
        <location filename="../models/ReviewTableModel.cpp" line="+53"/>
        <source>(no title)</source>
        <translation>(kein Titel)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+49"/>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <location line="-42"/>
        <location line="+10"/>
        <source>%1 of 5 stars</source>
        <translation>%1 von 5 Sternen</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Order %1 holds this product.</source>
        <translation>Bestellung %1 enthält dieses Produkt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order %1 does not hold this product.</source>
        <translation>Bestellung %1 enthält dieses Produkt nicht.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Rating</source>
        <translation>Sterne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
</context>
<context>
    <name>sk::ReviewsPage</name>
    <message>
        <location filename="../ui/reviews/ReviewsPage.cpp" line="+38"/>
        <source>the review of %1</source>
        <translation>die Bewertung von %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 review approved.</source>
        <translation>1 Bewertung freigegeben.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 reviews approved.</source>
        <translation>%1 Bewertungen freigegeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 review rejected.</source>
        <translation>1 Bewertung abgelehnt.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 reviews rejected.</source>
        <translation>%1 Bewertungen abgelehnt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 review hidden.</source>
        <translation>1 Bewertung ausgeblendet.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 reviews hidden.</source>
        <translation>%1 Bewertungen ausgeblendet.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ject</source>
        <translation>Abl&amp;ehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hide</source>
        <translation>&amp;Ausblenden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find reviews of a product</source>
        <translation>Bewertungen eines Produkts suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Publishes the selected reviews; they count in the product&apos;s rating (Ctrl+Shift+A).</source>
        <translation>Veröffentlicht die ausgewählten Bewertungen; sie zählen zur Bewertung des Produkts (Ctrl+Shift+A).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keeps the selected pending reviews off the shop (Ctrl+Shift+R).</source>
        <translation>Hält die ausgewählten ausstehenden Bewertungen aus dem Shop fern (Ctrl+Shift+R).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes the selected reviews off the shop; they can be approved again (Ctrl+Shift+H).</source>
        <translation>Nimmt die ausgewählten Bewertungen aus dem Shop; sie können erneut freigegeben werden (Ctrl+Shift+H).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optional: why, for the record</source>
        <translation>Optional: warum, für die Akten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>N&amp;ote:</source>
        <translation>N&amp;otiz:</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+74"/>
        <source>Reviews</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Counting reviews…</source>
        <translation>Bewertungen werden gezählt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No review matches</source>
        <translation>Keine Bewertung passt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No reviews yet</source>
        <translation>Noch keine Bewertungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 review</source>
        <translation>1 Bewertung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 reviews</source>
        <translation>%1 Bewertungen</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Approved %1.</source>
        <translation>%1 freigegeben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected %1.</source>
        <translation>%1 abgelehnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hid %1.</source>
        <translation>%1 ausgeblendet.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>1 review kept its status: %1</source>
        <translation>1 Bewertung behielt ihren Status: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 reviews kept their status: %2</source>
        <translation>%1 Bewertungen behielten ihren Status: %2</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The reply was removed.</source>
        <translation>Die Antwort wurde entfernt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The reply was saved; customers see it under the review once it is approved.</source>
        <translation>Die Antwort wurde gespeichert; Kunden sehen sie unter der Bewertung, sobald diese freigegeben ist.</translation>
    </message>
</context>
<context>
    <name>sk::SaleReceiptPrinter</name>
    <message>
        <location filename="../ui/register/SaleReceiptPrinter.cpp" line="+38"/>
        <source>Receipt %1 printed.</source>
        <translation>Kassenbon %1 gedruckt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receipt %1.pdf</source>
        <translation>Kassenbon %1.pdf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the receipt as PDF</source>
        <translation>Kassenbon als PDF speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Receipt %1 saved as %2.</source>
        <translation>Kassenbon %1 gespeichert als %2.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This register has no receipt printer. Set its address in Settings, or print through the print dialog.</source>
        <translation>Diese Kasse hat keinen Bondrucker. Geben Sie seine Adresse in den Einstellungen ein oder drucken Sie über den Druckdialog.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Receipt %1 sent to the receipt printer.</source>
        <translation>Kassenbon %1 an den Bondrucker gesendet.</translation>
    </message>
</context>
<context>
    <name>sk::ScanBox</name>
    <message>
        <location filename="../ui/inventory/ScanBox.cpp" line="+12"/>
        <source>Scan or type a barcode or SKU, then Enter</source>
        <translation>Barcode oder SKU scannen oder eingeben, dann Eingabetaste</translation>
    </message>
</context>
<context>
    <name>sk::SecretDialog</name>
    <message>
        <location filename="../ui/users/SecretDialog.cpp" line="+24"/>
        <source>Set register PIN</source>
        <translation>Kassen-PIN festlegen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reset password</source>
        <translation>Passwort zurücksetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PIN lets %1 (%2) sign in quickly at the register. Choose %3 to %4 digits.</source>
        <translation>Mit der PIN kann sich %1 (%2) schnell an der Kasse anmelden. Wählen Sie %3 bis %4 Ziffern.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a new password for %1 (%2) and give it to them in person. Failed sign-ins are forgotten and the account is unlocked.</source>
        <translation>Wählen Sie ein neues Passwort für %1 (%2) und übergeben Sie es persönlich. Fehlgeschlagene Anmeldeversuche werden zurückgesetzt und das Konto wird entsperrt.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New &amp;PIN:</source>
        <translation>Neue &amp;PIN:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New &amp;password:</source>
        <translation>Neues &amp;Passwort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat PIN:</source>
        <translation>PIN &amp;wiederholen:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Repeat password:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Set PIN</source>
        <translation>PIN &amp;festlegen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reset pass&amp;word</source>
        <translation>Passwort &amp;zurücksetzen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The two PINs are not the same. Type the PIN again in both fields.</source>
        <translation>Die beiden PINs stimmen nicht überein. Geben Sie die PIN in beiden Feldern erneut ein.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation>Die beiden Passwörter stimmen nicht überein. Geben Sie das Passwort in beiden Feldern erneut ein.</translation>
    </message>
</context>
<context>
    <name>sk::SettingsPage</name>
    <message>
        <location filename="../ui/settings/SettingsPage.cpp" line="+21"/>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shop</source>
        <translation>Angaben zum Laden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storekeeper locks itself after this many minutes without keyboard or mouse input.</source>
        <translation>Storekeeper sperrt sich nach so vielen Minuten ohne Tastatur- oder Mauseingabe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printed at the bottom of every receipt, e.g. opening hours or the return policy.</source>
        <translation>Wird unten auf jeden Kassenbon gedruckt, z. B. Öffnungszeiten oder Rückgaberegeln.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Register</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Lock after idle:</source>
        <translation>Sperren nach &amp;Inaktivität:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt &amp;footer:</source>
        <translation>Kassenbon-&amp;Fußzeile:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Payments</source>
        <translation>Zahlungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receipt printer</source>
        <translation>Bondrucker</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save (%1)</source>
        <translation>Speichern (%1)</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>Save settings</source>
        <translation>Einstellungen speichern</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save payment settings</source>
        <translation>Zahlungseinstellungen speichern</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Save receipt printer settings</source>
        <translation>Bondrucker-Einstellungen speichern</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+14"/>
        <source>Revert settings</source>
        <translation>Änderungen verwerfen</translation>
    </message>
</context>
<context>
    <name>sk::SetupDialog</name>
    <message>
        <location filename="../ui/auth/SetupDialog.cpp" line="+38"/>
        <source>Set up your shop</source>
        <translation>Ihren Laden einrichten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome to Storekeeper. Enter your shop&apos;s details and create the administrator account you will sign in with. Everything can be changed later in Settings.</source>
        <translation>Willkommen bei Storekeeper. Geben Sie die Angaben zu Ihrem Laden ein und legen Sie das Administratorkonto an, mit dem Sie sich anmelden werden. Alles lässt sich später in den Einstellungen ändern.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Shop</source>
        <translation>Angaben zum Laden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>At least %n characters</source>
        <translation>
            <numerusform>Mindestens %n Zeichen</numerusform>
            <numerusform>Mindestens %n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>First administrator</source>
        <translation>Erster Administrator</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;First name:</source>
        <translation>&amp;Vorname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat password:</source>
        <translation>Passwort wieder&amp;holen:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create &amp;shop</source>
        <translation>La&amp;den anlegen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Enter the administrator&apos;s first and last name.</source>
        <translation>Geben Sie den Vor- und Nachnamen des Administrators ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the administrator&apos;s e-mail address: it is the name you sign in with.</source>
        <translation>Geben Sie die E-Mail-Adresse des Administrators ein: Mit ihr melden Sie sich an.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation>Die beiden Passwörter stimmen nicht überein. Geben Sie das Passwort in beiden Feldern erneut ein.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Creating the shop…</source>
        <translation>Der Laden wird angelegt…</translation>
    </message>
</context>
<context>
    <name>sk::ShiftReportDialog</name>
    <message>
        <location filename="../ui/register/ShiftReportDialog.cpp" line="+21"/>
        <source>Z report</source>
        <translation>Z-Bericht</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>X report</source>
        <translation>X-Bericht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Register</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening float</source>
        <translation>Anfangsbestand Wechselgeld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discounts</source>
        <translation>Rabatte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded tax</source>
        <translation>Erstattete Steuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash in</source>
        <translation>Bareinlage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash out</source>
        <translation>Barentnahme</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cash expected</source>
        <translation>Erwartetes Bargeld</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cash counted</source>
        <translation>Gezähltes Bargeld</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note: %1</source>
        <translation>Notiz: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Z report · shift %1</source>
        <translation>Z-Bericht · Schicht %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>X report · shift %1</source>
        <translation>X-Bericht · Schicht %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per tender</source>
        <translation>Je Zahlungsart</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tender</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payments</source>
        <translation>Zahlungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>Eingenommen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Net</source>
        <translation>Netto</translation>
    </message>
</context>
<context>
    <name>sk::ShipDialog</name>
    <message>
        <location filename="../ui/orders/ShipDialog.cpp" line="+22"/>
        <source>&amp;Ship</source>
        <translation>&amp;Versenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ship order %1</source>
        <translation>Bestellung %1 versenden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Optional, shown in the timeline</source>
        <translation>Optional, wird im Verlauf angezeigt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Carrier:</source>
        <translation>Versand&amp;dienstleister:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tracking number:</source>
        <translation>&amp;Sendungsnummer:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Name the carrier, e.g. UPS.</source>
        <translation>Nennen Sie den Versanddienstleister, z. B. UPS.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type or scan the tracking number from the label.</source>
        <translation>Geben Sie die Sendungsnummer vom Etikett ein oder scannen Sie sie.</translation>
    </message>
</context>
<context>
    <name>sk::ShopDetailsForm</name>
    <message>
        <location filename="../ui/shop/ShopDetailsForm.cpp" line="+43"/>
        <source>As printed on receipts</source>
        <translation>Wie auf Kassenbons gedruckt</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+2"/>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Applied to products without their own tax class, for example 8.00.</source>
        <translation>Gilt für Produkte ohne eigene Steuerklasse, zum Beispiel 8,00.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shop &amp;name:</source>
        <translation>&amp;Ladenname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop e-&amp;mail:</source>
        <translation>E-&amp;Mail des Ladens:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Currency:</source>
        <translation>&amp;Währung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default &amp;tax rate:</source>
        <translation>Standardsteue&amp;rsatz:</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Enter the shop&apos;s name: it is printed on every receipt.</source>
        <translation>Geben Sie den Namen des Ladens ein: Er wird auf jeden Kassenbon gedruckt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the default tax rate as a percentage between 0 and 100 with at most two decimals, for example %1.</source>
        <translation>Geben Sie den Standardsteuersatz als Prozentwert zwischen 0 und 100 mit höchstens zwei Nachkommastellen ein, zum Beispiel %1.</translation>
    </message>
</context>
<context>
    <name>sk::SignInDialog</name>
    <message>
        <location filename="../ui/auth/SignInDialog.cpp" line="+45"/>
        <source>Sign in to Storekeeper</source>
        <translation>Bei Storekeeper anmelden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 to %2 digits</source>
        <translation>%1 bis %2 Ziffern</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use password &amp;instead</source>
        <translation>&amp;Stattdessen Passwort verwenden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Use a register PIN &amp;instead</source>
        <translation>&amp;Stattdessen Kassen-PIN verwenden</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Enter the e-mail address of your Storekeeper account.</source>
        <translation>Geben Sie die E-Mail-Adresse Ihres Storekeeper-Kontos ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter your PIN.</source>
        <translation>Geben Sie Ihre PIN ein.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
</context>
<context>
    <name>sk::SmtpSettingsForm</name>
    <message>
        <location filename="../ui/notifications/SmtpSettingsForm.cpp" line="+31"/>
        <source>Send the shop&apos;s e-mail</source>
        <translation>E-Mails des Shops senden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>smtp.example.com</source>
        <translation>smtp.example.com</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>STARTTLS (usually port 587)</source>
        <translation>STARTTLS (meist Port 587)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS from the start (usually port 465)</source>
        <translation>TLS von Anfang an (meist Port 465)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None (only on a trusted network)</source>
        <translation>Keine (nur in einem vertrauenswürdigen Netzwerk)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty when the server needs no sign-in</source>
        <translation>Leer, wenn der Server keine Anmeldung braucht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>shop@example.com</source>
        <translation>shop@example.com</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s name</source>
        <translation>Name des Shops</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mail server:</source>
        <translation>Mailserver:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security:</source>
        <translation>Sicherheit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender address:</source>
        <translation>Absenderadresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender name:</source>
        <translation>Absendername:</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>The mail settings are saved.</source>
        <translation>Die E-Mail-Einstellungen sind gespeichert.</translation>
    </message>
</context>
<context>
    <name>sk::StockLevelTableModel</name>
    <message>
        <location filename="../models/StockLevelTableModel.cpp" line="+204"/>
        <source>No longer available</source>
        <translation>Nicht mehr verfügbar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At or below the reorder level of %1.</source>
        <translation>Auf oder unter dem Meldebestand von %1.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Held for orders waiting to be paid or shipped and for parked carts.</source>
        <translation>Zurückgehalten für Bestellungen, die auf Zahlung oder Versand warten, und für geparkte Warenkörbe.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand minus reserved: what can be sold now.</source>
        <translation>Bestand minus Reserviert: was jetzt verkauft werden kann.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moving average cost of one unit.</source>
        <translation>Gleitender Durchschnittspreis einer Einheit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand times unit cost.</source>
        <translation>Bestand mal Stückkosten.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Lagerplatz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reorder at</source>
        <translation>Meldebestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bin</source>
        <translation>Fach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit cost</source>
        <translation>Stückkosten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>sk::StockLinesTable</name>
    <message>
        <location filename="../ui/inventory/StockLinesTable.cpp" line="+37"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+17"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+18"/>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Unit cost</source>
        <translation>Stückkosten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line total</source>
        <translation>Zeilensumme</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code, or add the product in the Catalog first.</source>
        <translation>Kein Produkt hat den Barcode oder die SKU „%1“. Prüfen Sie den Code oder legen Sie das Produkt zuerst im Katalog an.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>The quantity of %1 must be a whole number above zero; &quot;%2&quot; is not.</source>
        <translation>Die Menge von %1 muss eine ganze Zahl über null sein; „%2“ ist keine.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The unit cost of %1 is not an amount: type it like %2.</source>
        <translation>Die Stückkosten von %1 sind kein Betrag: Geben Sie sie in der Form %2 ein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan or type a barcode or SKU to add a line first.</source>
        <translation>Fügen Sie zuerst eine Zeile hinzu: Scannen Sie einen Barcode oder eine SKU oder geben Sie den Code ein.</translation>
    </message>
</context>
<context>
    <name>sk::StockMovementModel</name>
    <message>
        <location filename="../models/StockMovementModel.cpp" line="+132"/>
        <source>Order %1</source>
        <translation>Bestellung %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receipt %1</source>
        <translation>Wareneingang %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stocktake %1</source>
        <translation>Inventur %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer %1</source>
        <translation>Umlagerung %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cart %1</source>
        <translation>Warenkorb %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Lagerplatz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand after</source>
        <translation>Bestand danach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>sk::StocktakeDialog</name>
    <message>
        <location filename="../ui/inventory/StocktakeDialog.cpp" line="+58"/>
        <source>&amp;Start count</source>
        <translation>Zählung &amp;starten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Post differences…</source>
        <translation>Differenzen &amp;buchen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel count…</source>
        <translation>Zählung &amp;abbrechen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stocktake</source>
        <translation>Inventur</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Counting takes a snapshot of what the shelves should hold. Sales made while you count are taken into account when the differences are posted.</source>
        <translation>Beim Zählen wird festgehalten, was in den Regalen sein sollte. Verkäufe während der Zählung werden beim Buchen der Differenzen berücksichtigt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Location:</source>
        <translation>&amp;Lagerplatz:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Units each scan adds: 1, or the size of a case scanned once.</source>
        <translation>Einheiten, die jeder Scan hinzufügt: 1 oder die Größe eines Kartons, der einmal gescannt wird.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;can:</source>
        <translation>S&amp;cannen:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Units per scan:</source>
        <translation>&amp;Einheiten pro Scan:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+18"/>
        <source>Expected</source>
        <translation>Soll</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+19"/>
        <source>Counted</source>
        <translation>Gezählt</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+20"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type a number to replace the count of that line.</source>
        <translation>Geben Sie eine Zahl ein, um die Zählung dieser Zeile zu ersetzen.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Throws this count away; the stock stays as it is.</source>
        <translation>Verwirft diese Zählung; der Bestand bleibt unverändert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The count stays open: opening Stocktake again resumes it.</source>
        <translation>Die Zählung bleibt offen: Wenn Sie die Inventur erneut öffnen, wird sie fortgesetzt.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>A count is a whole number of zero or more; &quot;%1&quot; is not. Nothing was changed.</source>
        <translation>Eine Zählung ist eine ganze Zahl von null oder mehr; „%1“ ist keine. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>Count %1 at %2, started %3</source>
        <translation>Zählung %1 am Lagerplatz %2, begonnen am %3</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code; nothing was counted.</source>
        <translation>Kein Produkt hat den Barcode oder die SKU „%1“. Prüfen Sie den Code; es wurde nichts gezählt.</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Counted: %1 of %2 lines · units gained: %3 · units lost: %4 · value: %5</source>
        <translation>Gezählt: %1 von %2 Zeilen · Einheiten mehr: %3 · Einheiten weniger: %4 · Wert: %5</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writes the differences as count corrections.</source>
        <translation>Bucht die Differenzen als Inventurkorrekturen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count at least one line first.</source>
        <translation>Zählen Sie zuerst mindestens eine Zeile.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Every counted line matches. Post the count to close it?</source>
        <translation>Alle gezählten Zeilen stimmen überein. Die Zählung buchen, um sie abzuschließen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Post the count? Lines corrected: %1; total difference: %2 units, worth %3. Uncounted lines stay as they are.</source>
        <translation>Die Zählung buchen? Korrigierte Zeilen: %1; Gesamtdifferenz: %2 Einheiten im Wert von %3. Nicht gezählte Zeilen bleiben unverändert.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Wait until the last scans are recorded, then post.</source>
        <translation>Warten Sie, bis die letzten Scans erfasst sind, und buchen Sie dann.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Post stocktake</source>
        <translation>Inventur buchen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Post</source>
        <translation>Buchen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Stocktake %1 posted: lines corrected %2, units gained %3, units lost %4, value %5.</source>
        <translation>Inventur %1 gebucht: korrigierte Zeilen %2, Einheiten mehr %3, Einheiten weniger %4, Wert %5.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancel stocktake</source>
        <translation>Inventur abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Throw away count %1? What was counted is lost; the stock stays as it is.</source>
        <translation>Zählung %1 verwerfen? Das Gezählte geht verloren; der Bestand bleibt unverändert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Throw away</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The count was thrown away; nothing changed.</source>
        <translation>Die Zählung wurde verworfen; es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>sk::SuggestionsPanel</name>
    <message>
        <location filename="../ui/register/SuggestionsPanel.cpp" line="+41"/>
        <location line="+5"/>
        <source>Often bought together</source>
        <translation>Wird oft zusammen gekauft</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+%1  %2</source>
        <translation>Alt+%1  %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add %1 to the sale (Alt+%2)</source>
        <translation>%1 zum Verkauf hinzufügen (Alt+%2)</translation>
    </message>
</context>
<context>
    <name>sk::TotalsPanel</name>
    <message>
        <location filename="../ui/register/TotalsPanel.cpp" line="+19"/>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>Zwischensumme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TOTAL</source>
        <translation>SUMME</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
</context>
<context>
    <name>sk::TransferDialog</name>
    <message>
        <location filename="../ui/inventory/TransferDialog.cpp" line="+36"/>
        <source>&amp;Transfer</source>
        <translation>&amp;Umlagern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transfer stock</source>
        <translation>Bestand umlagern</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;o:</source>
        <translation>&amp;Nach:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;can:</source>
        <translation>&amp;Scannen:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+56"/>
        <source>Moves the lines now (Ctrl+Enter).</source>
        <translation>Lagert die Zeilen jetzt um (Strg+Eingabetaste).</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>&amp;Note:</source>
        <translation>No&amp;tiz:</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Lines: %1 · units: %2</source>
        <translation>Zeilen: %1 · Einheiten: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose two different locations.</source>
        <translation>Wählen Sie zwei verschiedene Lagerplätze.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan or type a barcode or SKU to add a line first.</source>
        <translation>Fügen Sie zuerst eine Zeile hinzu: Scannen Sie einen Barcode oder eine SKU oder geben Sie den Code ein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose two different locations: stock cannot move to where it already is.</source>
        <translation>Wählen Sie zwei verschiedene Lagerplätze: Bestand kann nicht dorthin umgelagert werden, wo er bereits liegt.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Moved %1 units from %2 to %3.</source>
        <translation>%1 Einheiten von %2 nach %3 umgelagert.</translation>
    </message>
</context>
<context>
    <name>sk::UserTableModel</name>
    <message>
        <location filename="../models/UserTableModel.cpp" line="+64"/>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Too many failed sign-ins: locked until %1.</source>
        <translation>Zu viele fehlgeschlagene Anmeldungen: gesperrt bis %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account may not sign in.</source>
        <translation>Dieses Konto darf sich nicht anmelden.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Händler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>sk::UsersPage</name>
    <message>
        <location filename="../ui/users/UsersPage.cpp" line="+49"/>
        <source>&amp;New user…</source>
        <translation>&amp;Neuer Benutzer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+223"/>
        <source>&amp;Disable</source>
        <translation>Dea&amp;ktivieren</translation>
    </message>
    <message>
        <location line="-222"/>
        <source>Reset &amp;password…</source>
        <translation>&amp;Passwort zurücksetzen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;role…</source>
        <translation>&amp;Rolle ändern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set P&amp;IN…</source>
        <translation>P&amp;IN festlegen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New user…</source>
        <translation>Neuer Benutzer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+219"/>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location line="-218"/>
        <source>Reset password…</source>
        <translation>Passwort zurücksetzen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change role…</source>
        <translation>Rolle ändern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set PIN…</source>
        <translation>PIN festlegen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name or e-mail</source>
        <translation>Name oder E-Mail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All roles</source>
        <translation>Alle Rollen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sho&amp;w:</source>
        <translation>An&amp;zeigen:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Forgets failed sign-in and PIN attempts so the user can try again now.</source>
        <translation>Setzt fehlgeschlagene Anmelde- und PIN-Versuche zurück, damit der Benutzer es sofort erneut versuchen kann.</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+75"/>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Counting users…</source>
        <translation>Benutzer werden gezählt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No user matches</source>
        <translation>Kein passender Benutzer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No users yet</source>
        <translation>Noch keine Benutzer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 matching user</source>
        <translation>1 passender Benutzer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 user</source>
        <translation>1 Benutzer</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln matching users</source>
        <translation>
            <numerusform>%Ln passender Benutzer</numerusform>
            <numerusform>%Ln passende Benutzer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%Ln users</source>
        <translation>
            <numerusform>%Ln Benutzer</numerusform>
            <numerusform>%Ln Benutzer</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Enable</source>
        <translation>A&amp;ktivieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You cannot disable your own account.</source>
        <translation>Sie können Ihr eigenes Konto nicht deaktivieren.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user can no longer sign in; nothing is deleted.</source>
        <translation>Der Benutzer kann sich nicht mehr anmelden; es wird nichts gelöscht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user can sign in again.</source>
        <translation>Der Benutzer kann sich wieder anmelden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another administrator must change your own role.</source>
        <translation>Ihre eigene Rolle muss ein anderer Administrator ändern.</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+63"/>
        <source>Set PIN</source>
        <translation>PIN festlegen</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>The account of %1 was created, but its PIN was not set: %2</source>
        <translation>Das Konto von %1 wurde angelegt, aber die PIN wurde nicht festgelegt: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created the account of %1 (%2).</source>
        <translation>Das Konto von %1 (%2) wurde angelegt.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enable user</source>
        <translation>Benutzer aktivieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disable user</source>
        <translation>Benutzer deaktivieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can sign in again.</source>
        <translation>%1 kann sich wieder anmelden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can no longer sign in.</source>
        <translation>%1 kann sich nicht mehr anmelden.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reset password</source>
        <translation>Passwort zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password of %1 was reset.</source>
        <translation>Das Passwort von %1 wurde zurückgesetzt.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 is now: %2.</source>
        <translation>%1 ist jetzt: %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 can now sign in at the register with the new PIN.</source>
        <translation>%1 kann sich jetzt mit der neuen PIN an der Kasse anmelden.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unlock user</source>
        <translation>Benutzer entsperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 may try to sign in again now.</source>
        <translation>%1 kann jetzt erneut versuchen, sich anzumelden.</translation>
    </message>
</context>
<context>
    <name>sk::ValuationBar</name>
    <message>
        <location filename="../ui/inventory/ValuationBar.cpp" line="+20"/>
        <source>On hand times the moving average cost, for the lines shown.</source>
        <translation>Bestand mal gleitender Durchschnittspreis, für die angezeigten Zeilen.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 units on hand</source>
        <translation>%1 Einheiten im Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value at cost: %1</source>
        <translation>Bestandswert: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 low</source>
        <translation>%1 mit niedrigem Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 out of stock</source>
        <translation>%1 nicht vorrätig</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Adding up…</source>
        <translation>Wird summiert…</translation>
    </message>
</context>
<context>
    <name>sk::VariantGeneratorDialog</name>
    <message>
        <location filename="../ui/catalog/VariantGeneratorDialog.cpp" line="+33"/>
        <source>Generate variants</source>
        <translation>Varianten erzeugen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name each option and list its values separated by commas. Every combination becomes a variant; variants that already match keep their SKU, price and stock.</source>
        <translation>Benennen Sie jede Option und führen Sie ihre Werte durch Kommas getrennt auf. Jede Kombination wird zu einer Variante; bereits passende Varianten behalten ihre SKU, ihren Preis und ihren Bestand.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Create variants</source>
        <translation>Varianten &amp;erzeugen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Base SKU:</source>
        <translation>&amp;Basis-SKU:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S, M, L</source>
        <translation>S, M, L</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Red, Blue</source>
        <translation>Rot, Blau</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cotton, Wool</source>
        <translation>Baumwolle, Wolle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name of option %1</source>
        <translation>Name der Option %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values of option %1</source>
        <translation>Werte der Option %1</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Variants (%1): %2</source>
        <translation>Varianten (%1): %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>variant %1</source>
        <translation>Variante %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These variants no longer fit the options and will be removed: %1.</source>
        <translation>Diese Varianten passen nicht mehr zu den Optionen und werden entfernt: %1.</translation>
    </message>
</context>
<context>
    <name>sk::VariantTableModel</name>
    <message>
        <location filename="../models/VariantTableModel.cpp" line="+156"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barcode</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare at</source>
        <translation>Vergleichspreis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Einkaufspreis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight (g)</source>
        <translation>Gewicht (g)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Enter the weight in whole grams, such as 250, or leave it empty.</source>
        <translation>Geben Sie das Gewicht in ganzen Gramm ein, etwa 250, oder lassen Sie es leer.</translation>
    </message>
</context>
<context>
    <name>sk::VendorChooser</name>
    <message>
        <location filename="../ui/users/VendorChooser.cpp" line="+27"/>
        <location line="+1"/>
        <source>New vendor&apos;s name</source>
        <translation>Name des neuen Händlers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading vendors…</source>
        <translation>Händler werden geladen…</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Wait a moment until the vendors are loaded.</source>
        <translation>Bitte warten Sie einen Moment, bis die Händler geladen sind.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A vendor account belongs to a vendor: choose one or enter a new vendor&apos;s name.</source>
        <translation>Ein Händlerkonto gehört zu einem Händler: Wählen Sie einen aus oder geben Sie den Namen eines neuen Händlers ein.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 (inactive)</source>
        <translation>%1 (inaktiv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New vendor…</source>
        <translation>Neuer Händler…</translation>
    </message>
</context>
</TS>
