<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AccessTokens</name>
    <message>
        <location filename="../services/auth/AccessTokens.cpp" line="+30"/>
        <source>The access token is not valid: sign in again.</source>
        <translation>Le jeton d&apos;accès n&apos;est pas valide : reconnectez-vous.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The access token has expired: sign in again.</source>
        <translation>Le jeton d&apos;accès a expiré : reconnectez-vous.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No random secret for access tokens could be made. Try again.</source>
        <translation>Impossible de générer un secret aléatoire pour les jetons d&apos;accès. Réessayez.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The stored secret for access tokens is damaged. Remove the setting &quot;api.token_secret&quot; to make a new one.</source>
        <translation>Le secret enregistré pour les jetons d&apos;accès est endommagé. Supprimez le paramètre «&#xa0;api.token_secret&#xa0;» pour en générer un nouveau.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The secret for access tokens could not be stored. Try again.</source>
        <translation>Impossible d&apos;enregistrer le secret des jetons d&apos;accès. Réessayez.</translation>
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
        <translation>Utilisateur inscrit avec succès</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Signing in is not possible yet. Try again in a moment.</source>
        <translation>La connexion n&apos;est pas encore possible. Réessayez dans un instant.</translation>
    </message>
</context>
<context>
    <name>ApiCartRoutes</name>
    <message>
        <location filename="../api/ApiCartRoutes.cpp" line="+64"/>
        <source>The field &quot;quantity&quot; is required: add it to the request.</source>
        <translation>Le champ «&#xa0;quantity&#xa0;» est obligatoire : ajoutez-le à la requête.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Item added to cart</source>
        <translation>Article ajouté au panier</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cart item updated</source>
        <translation>Article du panier mis à jour</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Item removed from cart</source>
        <translation>Article retiré du panier</translation>
    </message>
</context>
<context>
    <name>ApiCatalogRoutes</name>
    <message>
        <location filename="../api/ApiCatalogRoutes.cpp" line="+74"/>
        <source>The parameter &quot;sort_by&quot; must be one of relevance, price_low, price_high, newest or rating.</source>
        <translation>Le paramètre «&#xa0;sort_by&#xa0;» doit valoir relevance, price_low, price_high, newest ou rating.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>An attribute filter is written attr.NAME=VALUE, with a name of at most %1 and a value of at most %2 characters.</source>
        <translation>Un filtre d&apos;attribut s&apos;écrit attr.NAME=VALUE, avec un nom de %1 caractères au maximum et une valeur de %2 caractères au maximum.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Use at most %1 attribute filters.</source>
        <translation>Utilisez au maximum %1 filtres d&apos;attribut.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Only the first %1 results can be paged through (page x page_size). Narrow the search instead.</source>
        <translation>Seuls les %1 premiers résultats peuvent être parcourus (page x page_size). Affinez plutôt la recherche.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The parameter &quot;%1&quot; must be an amount such as 12.34.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» doit être un montant comme 12.34.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The parameter &quot;min_price&quot; must not be above &quot;max_price&quot;.</source>
        <translation>Le paramètre «&#xa0;min_price&#xa0;» ne doit pas dépasser «&#xa0;max_price&#xa0;».</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Product not found. It may no longer be sold; search the catalog again.</source>
        <translation>Produit introuvable. Il n&apos;est peut-être plus vendu ; cherchez de nouveau dans le catalogue.</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Category not found. Choose a category of the shop.</source>
        <translation>Catégorie introuvable. Choisissez une catégorie de la boutique.</translation>
    </message>
</context>
<context>
    <name>ApiJson</name>
    <message>
        <location filename="../api/ApiJson.cpp" line="+21"/>
        <source>The field &quot;%1&quot; is required: add it to the request.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» est obligatoire : ajoutez-le à la requête.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The field &quot;%1&quot; must be a string.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit être une chaîne de caractères.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The field &quot;%1&quot; must be at most %2 characters long.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit comporter au maximum %2 caractères.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The field &quot;%1&quot; must be a whole number from %2 to %3.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit être un nombre entier de %2 à %3.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The field &quot;%1&quot; must be an amount written as a string, such as &quot;12.34&quot;.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit être un montant écrit sous forme de chaîne, comme &quot;12.34&quot;.</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>The field &quot;%1&quot; must be true or false.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit valoir true ou false.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The parameter &quot;%1&quot; must be a whole number from %2 to %3.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» doit être un nombre entier de %2 à %3.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The parameter &quot;%1&quot; must be at most %2 characters long.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» doit comporter au maximum %2 caractères.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The parameter &quot;%1&quot; must be an amount such as 12.34.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» doit être un montant comme 12.34.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The parameter &quot;%1&quot; must be true or false.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» doit valoir true ou false.</translation>
    </message>
</context>
<context>
    <name>ApiOrderRoutes</name>
    <message>
        <location filename="../api/ApiOrderRoutes.cpp" line="+153"/>
        <source>The field &quot;%1&quot; must be an object with street_address, city, state, postal_code and country.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit être un objet avec street_address, city, state, postal_code et country.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Send either shipping_address_id or shipping_address, not both.</source>
        <translation>Envoyez soit shipping_address_id, soit shipping_address, mais pas les deux.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add the shipping address: shipping_address_id of a saved address, or a shipping_address object.</source>
        <translation>Ajoutez l&apos;adresse de livraison : le shipping_address_id d&apos;une adresse enregistrée ou un objet shipping_address.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Send either billing_address_id or billing_address, not both.</source>
        <translation>Envoyez soit billing_address_id, soit billing_address, mais pas les deux.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The shop takes online payments by card: set payment_method to &quot;card&quot;.</source>
        <translation>La boutique accepte les paiements en ligne par carte : mettez payment_method à &quot;card&quot;.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Order created successfully</source>
        <translation>Commande créée avec succès</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Order cancelled successfully</source>
        <translation>Commande annulée avec succès</translation>
    </message>
</context>
<context>
    <name>ApiReply</name>
    <message>
        <location filename="../api/ApiTypes.cpp" line="+46"/>
        <source>The shop could not answer this request. Please try again later.</source>
        <translation>La boutique n&apos;a pas pu répondre à cette requête. Veuillez réessayer plus tard.</translation>
    </message>
</context>
<context>
    <name>ApiReviewRoutes</name>
    <message>
        <location filename="../api/ApiReviewRoutes.cpp" line="+24"/>
        <source>Review submitted</source>
        <translation>Avis envoyé</translation>
    </message>
</context>
<context>
    <name>ApiServer</name>
    <message>
        <location filename="../api/ApiServer.cpp" line="+96"/>
        <source>The shop could not answer this request. Please try again later.</source>
        <translation>La boutique n&apos;a pas pu répondre à cette requête. Veuillez réessayer plus tard.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The request body is too large: send at most %1 bytes.</source>
        <translation>Le corps de la requête est trop volumineux : envoyez au maximum %1 octets.</translation>
    </message>
    <message>
        <location line="+109"/>
        <location line="+80"/>
        <source>There is nothing at this address.</source>
        <translation>Il n&apos;y a rien à cette adresse.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Cannot listen on %1 port %2: %3. Choose another port or address.</source>
        <translation>Impossible d&apos;écouter sur %1 port %2 : %3. Choisissez un autre port ou une autre adresse.</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Too many requests: wait %n second(s) and try again.</source>
        <translation>
            <numerusform>Trop de requêtes : attendez %n seconde et réessayez.</numerusform>
            <numerusform>Trop de requêtes : attendez %n secondes et réessayez.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This address does not take this method.</source>
        <translation>Cette adresse n&apos;accepte pas cette méthode.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Send the body as JSON, with the header &quot;Content-Type: application/json&quot;.</source>
        <translation>Envoyez le corps en JSON, avec l&apos;en-tête «&#xa0;Content-Type: application/json&#xa0;».</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The body must be one JSON object, such as {&quot;email&quot;: &quot;...&quot;}. Check its syntax.</source>
        <translation>Le corps doit être un seul objet JSON, comme {&quot;email&quot;: &quot;...&quot;}. Vérifiez sa syntaxe.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Sign in first and send the access token in the header &quot;Authorization: Bearer TOKEN&quot;.</source>
        <translation>Connectez-vous d&apos;abord et envoyez le jeton d&apos;accès dans l&apos;en-tête «&#xa0;Authorization: Bearer TOKEN&#xa0;».</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <location filename="../services/audit/AuditLog.cpp" line="+103"/>
        <source>Audit journal row %1 is missing: the next row is %2.</source>
        <translation>La ligne %1 du journal d&apos;audit est manquante : la ligne suivante est la %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Audit journal row %1 does not follow row %2: a row was changed, removed or inserted by hand.</source>
        <translation>La ligne %1 du journal d&apos;audit ne suit pas la ligne %2 : une ligne a été modifiée, supprimée ou insérée à la main.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Audit journal row %1 was changed after it was written.</source>
        <translation>La ligne %1 du journal d&apos;audit a été modifiée après son écriture.</translation>
    </message>
</context>
<context>
    <name>AuthService</name>
    <message>
        <location filename="../services/auth/AuthService.cpp" line="+24"/>
        <source>The e-mail address or the password is not right. Check both and try again.</source>
        <translation>L&apos;adresse e-mail ou le mot de passe est incorrect. Vérifiez les deux et réessayez.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This account is locked after %1 failed attempts. Try again after %2, or ask an administrator to unlock it.</source>
        <translation>Ce compte est bloqué après %1 tentatives infructueuses. Réessayez après %2, ou demandez à un administrateur de le débloquer.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The PIN is not right. Try again.</source>
        <translation>Le code PIN est incorrect. Réessayez.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This account is disabled. Ask an administrator to enable it.</source>
        <translation>Ce compte est désactivé. Demandez à un administrateur de l&apos;activer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Customer accounts sign in to the online shop. Storekeeper is for the shop&apos;s staff.</source>
        <translation>Les comptes clients se connectent à la boutique en ligne. Storekeeper est réservé au personnel de la boutique.</translation>
    </message>
    <message>
        <location line="+70"/>
        <location line="+9"/>
        <source>Enter your e-mail address and password.</source>
        <translation>Saisissez votre adresse e-mail et votre mot de passe.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose your name and enter your PIN.</source>
        <translation>Choisissez votre nom et saisissez votre code PIN.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sign in first.</source>
        <translation>Connectez-vous d&apos;abord.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The first user must be an administrator.</source>
        <translation>Le premier utilisateur doit être un administrateur.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This shop is already set up. Sign in with an administrator&apos;s account.</source>
        <translation>Cette boutique est déjà configurée. Connectez-vous avec un compte administrateur.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../services/maintenance/Backup.cpp" line="+30"/>
        <source>pg_dump could not be started. Install the PostgreSQL client tools (scripts/bootstrap does).</source>
        <translation>pg_dump n&apos;a pas pu être lancé. Installez les outils client de PostgreSQL (scripts/bootstrap s&apos;en charge).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>pg_dump could not write the backup. Nothing was saved.</source>
        <translation>pg_dump n&apos;a pas pu écrire la sauvegarde. Rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Name the backup file.</source>
        <translation>Indiquez le nom du fichier de sauvegarde.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file %1 already exists. Choose a new file name; a backup never overwrites a file.</source>
        <translation>Le fichier %1 existe déjà. Choisissez un nouveau nom de fichier ; une sauvegarde n&apos;écrase jamais un fichier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder %1 does not exist.</source>
        <translation>Le dossier %1 n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The backup could not be written to %1. Check the folder and free space.</source>
        <translation>La sauvegarde n&apos;a pas pu être écrite dans %1. Vérifiez le dossier et l&apos;espace libre.</translation>
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
    <name>Barcode</name>
    <message>
        <location filename="../services/catalog/Barcode.cpp" line="+44"/>
        <source>The barcode &quot;%1&quot; may contain only digits.</source>
        <translation>Le code-barres «&#xa0;%1&#xa0;» ne peut contenir que des chiffres.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The barcode &quot;%1&quot; has %2 digits; an EAN-13 has 13, a UPC-A 12 and an EAN-8 8. Check the number on the label.</source>
        <translation>Le code-barres «&#xa0;%1&#xa0;» a %2 chiffres ; un EAN-13 en a 13, un UPC-A 12 et un EAN-8 8. Vérifiez le numéro sur l&apos;étiquette.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The barcode &quot;%1&quot; has a wrong check digit (the last digit should be %2). Check the number on the label for a typo.</source>
        <translation>Le code-barres «&#xa0;%1&#xa0;» a une clé de contrôle erronée (le dernier chiffre devrait être %2). Vérifiez que le numéro sur l&apos;étiquette ne contient pas de faute de frappe.</translation>
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
        <translation>%1 est en rupture de stock ici : il n&apos;en reste plus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only %1 of %2 left.</source>
        <translation>Il ne reste que %1 unité(s) de %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not for sale: its product is not active. Ask an administrator to activate it.</source>
        <translation>%1 n&apos;est pas en vente : son produit n&apos;est pas actif. Demandez à un administrateur de l&apos;activer.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 is above your limit of %2 %: an administrator must approve it with their PIN or password.</source>
        <translation>%1 dépasse votre limite de %2 % : un administrateur doit l&apos;approuver avec son code PIN ou son mot de passe.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter a reason for the %1.</source>
        <translation>Saisissez un motif pour %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The reason may be at most 200 characters long.</source>
        <translation>Le motif ne peut pas dépasser 200 caractères.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A discount cannot be negative. Enter zero or more.</source>
        <translation>Une remise ne peut pas être négative. Saisissez zéro ou plus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A discount cannot be above 100 %.</source>
        <translation>Une remise ne peut pas dépasser 100 %.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>discount</source>
        <translation>la remise</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This sale is parked. Recall it before changing it.</source>
        <translation>Cette vente est en attente. Reprenez-la avant de la modifier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sale is already finished. Start a new sale.</source>
        <translation>Cette vente est déjà terminée. Commencez une nouvelle vente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sale was voided. Start a new sale.</source>
        <translation>Cette vente a été annulée. Commencez une nouvelle vente.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This sale no longer exists. Open the register&apos;s current sale.</source>
        <translation>Cette vente n&apos;existe plus. Ouvrez la vente en cours de la caisse.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>A payment has been taken for this sale: void it before changing the items.</source>
        <translation>Un paiement a été encaissé pour cette vente : annulez-le avant de modifier les articles.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="+222"/>
        <location filename="../services/sales/CartSupport.cpp" line="+34"/>
        <source>No register has the id %1. Choose a register in Settings.</source>
        <translation>Aucune caisse n&apos;a l&apos;identifiant %1. Choisissez une caisse dans les Paramètres.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartSupport.cpp" line="+18"/>
        <source>This item is no longer in the catalog. Scan or choose another one.</source>
        <translation>Cet article n&apos;est plus au catalogue. Scannez-en ou choisissez-en un autre.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="-198"/>
        <source>The quantity must be at least 1.</source>
        <translation>La quantité doit être d&apos;au moins 1.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>That quantity is too large.</source>
        <translation>Cette quantité est trop grande.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartSupport.cpp" line="+23"/>
        <source>This item is no longer in the sale.</source>
        <translation>Cet article ne fait plus partie de la vente.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="+20"/>
        <source>The quantity must be zero (to remove the item) or more.</source>
        <translation>La quantité doit être de zéro (pour retirer l&apos;article) ou plus.</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>This register is switched off. Choose another register or ask an administrator to activate it.</source>
        <translation>Cette caisse est désactivée. Choisissez une autre caisse ou demandez à un administrateur de l&apos;activer.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartPriceChanges.cpp" line="+45"/>
        <source>price change</source>
        <translation>le changement de prix</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter a price of zero or more.</source>
        <translation>Saisissez un prix de zéro ou plus.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Enter the price in %1, the shop&apos;s currency.</source>
        <translation>Saisissez le prix en %1, la devise de la boutique.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This price cut</source>
        <translation>Cette baisse de prix</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+53"/>
        <source>This discount</source>
        <translation>Cette remise</translation>
    </message>
    <message>
        <location filename="../services/sales/CartService.cpp" line="+92"/>
        <source>No customer has the id %1. Search for the customer again.</source>
        <translation>Aucun client n&apos;a l&apos;identifiant %1. Recherchez à nouveau le client.</translation>
    </message>
    <message>
        <location filename="../services/sales/CartParking.cpp" line="+21"/>
        <source>The name of a parked sale may be at most 100 characters long.</source>
        <translation>Le nom d&apos;une vente en attente ne peut pas dépasser 100 caractères.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only a register&apos;s sale can be parked.</source>
        <translation>Seule une vente en caisse peut être mise en attente.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is nothing to park: the sale is empty.</source>
        <translation>Il n&apos;y a rien à mettre en attente : la vente est vide.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>This sale is not parked any more. Choose another one from the list.</source>
        <translation>Cette vente n&apos;est plus en attente. Choisissez-en une autre dans la liste.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The current sale has items. Finish or park it before recalling another.</source>
        <translation>La vente en cours contient des articles. Terminez-la ou mettez-la en attente avant d&apos;en reprendre une autre.</translation>
    </message>
</context>
<context>
    <name>CatalogTransfer</name>
    <message>
        <location filename="../ui/catalog/CatalogTransfer.cpp" line="+30"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>CategoryService</name>
    <message>
        <location filename="../services/catalog/CategoryService.cpp" line="+57"/>
        <source>Enter a name for the category.</source>
        <translation>Saisissez un nom pour la catégorie.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A category name may have at most %1 characters.</source>
        <translation>Un nom de catégorie ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is already a category &quot;%1&quot; at this level (web name &quot;%2&quot;). Choose another name.</source>
        <translation>Il existe déjà une catégorie «&#xa0;%1&#xa0;» à ce niveau (nom web «&#xa0;%2&#xa0;»). Choisissez un autre nom.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The category no longer exists (number %1). Refresh the category list.</source>
        <translation>La catégorie n&apos;existe plus (numéro %1). Actualisez la liste des catégories.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The web name &quot;%1&quot; may contain only lower-case letters, digits and single hyphens, for example &quot;%2&quot;.</source>
        <translation>Le nom web «&#xa0;%1&#xa0;» ne peut contenir que des lettres minuscules, des chiffres et des traits d&apos;union isolés, par exemple «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A category name needs at least one letter or digit.</source>
        <translation>Un nom de catégorie doit contenir au moins une lettre ou un chiffre.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>A category cannot be moved into itself or into one of its own subcategories. Choose another parent.</source>
        <translation>Une catégorie ne peut pas être déplacée dans elle-même ni dans l&apos;une de ses propres sous-catégories. Choisissez une autre catégorie parente.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The categories at this level have changed meanwhile. Refresh the list and arrange them again.</source>
        <translation>Les catégories de ce niveau ont été modifiées entre-temps. Actualisez la liste et réorganisez-les.</translation>
    </message>
</context>
<context>
    <name>ChangeLog</name>
    <message>
        <location filename="../services/db/ChangeLog.cpp" line="+96"/>
        <source>The change could not be announced to other registers. Report this problem.</source>
        <translation>La modification n&apos;a pas pu être signalée aux autres caisses. Signalez ce problème.</translation>
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
    <name>CheckoutService</name>
    <message>
        <location filename="../services/sales/CheckoutService.cpp" line="+54"/>
        <source>This sale no longer exists. Start a new sale.</source>
        <translation>Cette vente n&apos;existe plus. Commencez une nouvelle vente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is an online cart; only a register&apos;s sale can be completed here.</source>
        <translation>Ceci est un panier en ligne ; seule une vente en caisse peut être finalisée ici.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This sale is already completed. Start the next sale.</source>
        <translation>Cette vente est déjà finalisée. Commencez la vente suivante.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sale was voided. Start a new sale.</source>
        <translation>Cette vente a été annulée. Commencez une nouvelle vente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This sale is parked. Recall it first.</source>
        <translation>Cette vente est en attente. Reprenez-la d&apos;abord.</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>The sale&apos;s register no longer exists. Choose this register again.</source>
        <translation>La caisse de cette vente n&apos;existe plus. Choisissez à nouveau cette caisse.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The sale&apos;s prices do not match its lines. Open the sale again.</source>
        <translation>Les prix de la vente ne correspondent pas à ses lignes. Rouvrez la vente.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>A card payment for this sale is still being processed. Wait for its answer, then complete the sale.</source>
        <translation>Un paiement par carte pour cette vente est encore en cours de traitement. Attendez sa réponse, puis finalisez la vente.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 is paid. Take the remaining %3 before completing the sale.</source>
        <translation>%1 sur %2 sont payés. Encaissez les %3 restants avant de finaliser la vente.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payments (%1) are more than the sale&apos;s total (%2). Give back a payment and take the right amount.</source>
        <translation>Les paiements (%1) dépassent le total de la vente (%2). Rendez un paiement et encaissez le bon montant.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The sale has no items. Scan an item first.</source>
        <translation>La vente ne contient aucun article. Scannez d&apos;abord un article.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Sold at %1, paid and handed over.</source>
        <translation>Vendu sur %1, payé et remis.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Say in at most %1 characters why the sale is voided.</source>
        <translation>Indiquez en %1 caractères au maximum pourquoi la vente est annulée.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Money was taken for this sale. Give the payments back first, then void it.</source>
        <translation>De l&apos;argent a été encaissé pour cette vente. Rendez d&apos;abord les paiements, puis annulez-la.</translation>
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
    <message>
        <location line="+3"/>
        <source>Import products from a Storekeeper or Shopify CSV file.</source>
        <translation>Importer des produits depuis un fichier CSV Storekeeper ou Shopify.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export every product to a Storekeeper or Shopify CSV file.</source>
        <translation>Exporter tous les produits vers un fichier CSV Storekeeper ou Shopify.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print the sales of a date range, grouped, with totals.</source>
        <translation>Affiche les ventes d&apos;une période, regroupées, avec les totaux.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Serve the online shop&apos;s JSON API over HTTP until stopped.</source>
        <translation>Servir l&apos;API JSON de la boutique en ligne via HTTP jusqu&apos;à l&apos;arrêt.</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <location filename="../services/db/Connection.cpp" line="+79"/>
        <source>The database driver %1 is not installed. Run scripts/bootstrap or install the Qt SQL driver package.</source>
        <translation>Le pilote de base de données %1 n&apos;est pas installé. Lancez scripts/bootstrap ou installez le paquet du pilote Qt SQL.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The folder %1 cannot be created. Choose a database file in a folder you can write to.</source>
        <translation>Le dossier %1 ne peut pas être créé. Choisissez un fichier de base de données dans un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+47"/>
        <source>The database file %1 cannot be opened. Check that it exists and that you may read and write it.</source>
        <translation>Le fichier de base de données %1 ne peut pas être ouvert. Vérifiez qu&apos;il existe et que vous avez le droit de le lire et d&apos;y écrire.</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Cannot connect to the PostgreSQL database %1. Check that the server is running and that the address, user name and password are right.</source>
        <translation>Impossible de se connecter à la base de données PostgreSQL %1. Vérifiez que le serveur est en marche et que l&apos;adresse, le nom d&apos;utilisateur et le mot de passe sont corrects.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The file %1 is not a Storekeeper database, or it is damaged. Choose another file or restore a backup.</source>
        <translation>Le fichier %1 n&apos;est pas une base de données Storekeeper, ou il est endommagé. Choisissez un autre fichier ou restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductImportWriter.cpp" line="+404"/>
        <location filename="../services/db/Connection.cpp" line="+141"/>
        <source>The database did not return the new record&apos;s number.</source>
        <translation>La base de données n&apos;a pas renvoyé le numéro du nouvel enregistrement.</translation>
    </message>
    <message>
        <location filename="../services/db/Connection.cpp" line="+25"/>
        <source>Another register was changing the same records at the same moment. Try again.</source>
        <translation>Une autre caisse modifiait les mêmes enregistrements au même moment. Réessayez.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is busy with another register. Try again in a moment.</source>
        <translation>La base de données est occupée par une autre caisse. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection to the database was lost. Check the network and try again.</source>
        <translation>La connexion à la base de données a été perdue. Vérifiez le réseau et réessayez.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This record already exists.</source>
        <translation>Cet enregistrement existe déjà.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record is still used elsewhere, or refers to a record that does not exist.</source>
        <translation>Cet enregistrement est encore utilisé ailleurs, ou il fait référence à un enregistrement qui n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The disk holding the database is full. Free some space and try again.</source>
        <translation>Le disque qui contient la base de données est plein. Libérez de l&apos;espace et réessayez.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database could not complete the operation. Nothing was changed.</source>
        <translation>La base de données n&apos;a pas pu terminer l&apos;opération. Rien n&apos;a été modifié.</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <location filename="../services/catalog/CsvReader.cpp" line="+127"/>
        <source>Line %1: field %2 contains a quote but does not start with one. Enclose the whole field in quotes and double each quote inside it.</source>
        <translation>Ligne %1&#xa0;: le champ %2 contient un guillemet mais ne commence pas par un guillemet. Entourez tout le champ de guillemets et doublez chaque guillemet qu&apos;il contient.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Line %1: field %2 has text after its closing quote. Double each quote inside a quoted field, or put a comma after the closing quote.</source>
        <translation>Ligne %1&#xa0;: le champ %2 contient du texte après son guillemet fermant. Doublez chaque guillemet à l&apos;intérieur d&apos;un champ entre guillemets, ou mettez une virgule après le guillemet fermant.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Line %1 contains characters that are not valid UTF-8. Save the file as &quot;CSV UTF-8&quot; and import it again.</source>
        <translation>La ligne %1 contient des caractères qui ne sont pas de l&apos;UTF-8 valide. Enregistrez le fichier au format «&#xa0;CSV UTF-8&#xa0;» et importez-le de nouveau.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line %1: a quoted field starts here but its closing quote is missing before the end of the file. The file may be cut short; export it again.</source>
        <translation>Ligne %1&#xa0;: un champ entre guillemets commence ici, mais son guillemet fermant manque avant la fin du fichier. Le fichier est peut-être tronqué ; exportez-le de nouveau.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Line %1: field %2 is longer than %3 MiB. A quote is probably missing its closing partner; check the line.</source>
        <translation>Ligne %1&#xa0;: le champ %2 dépasse %3 Mio. Il manque probablement le guillemet fermant d&apos;un guillemet ; vérifiez la ligne.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Line %1 has more than %2 fields. Check that this is a CSV file separated by commas.</source>
        <translation>La ligne %1 a plus de %2 champs. Vérifiez qu&apos;il s&apos;agit bien d&apos;un fichier CSV séparé par des virgules.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file is empty. Choose a CSV file whose first line names the columns.</source>
        <translation>Le fichier est vide. Choisissez un fichier CSV dont la première ligne nomme les colonnes.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line %1 is empty. The first line of the file must name the columns.</source>
        <translation>La ligne %1 est vide. La première ligne du fichier doit nommer les colonnes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reading stopped at line %1 because it was cancelled.</source>
        <translation>La lecture s&apos;est arrêtée à la ligne %1, car elle a été annulée.</translation>
    </message>
    <message>
        <location line="+127"/>
        <location line="+47"/>
        <source>The file could not be read after line %1: %2</source>
        <translation>Le fichier n&apos;a pas pu être lu après la ligne %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Column %1 in the header on line 1 has no name. Give every column a name in the first line.</source>
        <translation>La colonne %1 de l&apos;en-tête, à la ligne 1, n&apos;a pas de nom. Donnez un nom à chaque colonne dans la première ligne.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The header on line 1 names the column &quot;%1&quot; more than once (columns %2 and %3). Rename or remove one of them.</source>
        <translation>L&apos;en-tête, à la ligne 1, nomme la colonne «&#xa0;%1&#xa0;» plus d&apos;une fois (colonnes %2 et %3). Renommez ou supprimez l&apos;une d&apos;elles.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Line %1 has %2 fields but the header has %3. Check for a missing comma or a line break outside quotes.</source>
        <translation>La ligne %1 a %2 champs, mais l&apos;en-tête en a %3. Vérifiez s&apos;il manque une virgule ou s&apos;il y a un saut de ligne hors des guillemets.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line %1 has %2 fields but the header has %3. Enclose fields that contain commas in quotes.</source>
        <translation>La ligne %1 a %2 champs, mais l&apos;en-tête en a %3. Entourez de guillemets les champs qui contiennent des virgules.</translation>
    </message>
</context>
<context>
    <name>CsvWriter</name>
    <message>
        <location filename="../services/catalog/CsvWriter.cpp" line="+71"/>
        <source>The CSV file could not be written: %1. Check that the disk has space and the file is writable.</source>
        <translation>Le fichier CSV n&apos;a pas pu être écrit&#xa0;: %1. Vérifiez qu&apos;il reste de la place sur le disque et que le fichier est accessible en écriture.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A CSV file needs at least one column.</source>
        <translation>Un fichier CSV doit avoir au moins une colonne.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The header must be written before the first row.</source>
        <translation>L&apos;en-tête doit être écrit avant la première ligne.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A row has %1 fields but the header has %2; the row was not written.</source>
        <translation>Une ligne a %1 champs, mais l&apos;en-tête en a %2 ; la ligne n&apos;a pas été écrite.</translation>
    </message>
</context>
<context>
    <name>CustomerDirectory</name>
    <message>
        <location filename="../services/customers/CustomerDirectory.cpp" line="+162"/>
        <source>There is already an account with the e-mail address %1. Search for it instead.</source>
        <translation>Il existe déjà un compte avec l&apos;adresse e-mail %1. Recherchez-le plutôt.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The new customer could not be read back. Try again.</source>
        <translation>Le nouveau client n&apos;a pas pu être relu. Réessayez.</translation>
    </message>
</context>
<context>
    <name>CustomerOrders</name>
    <message>
        <location filename="../services/orders/CustomerOrders.cpp" line="+16"/>
        <source>Order %1 is not among your orders. Open your order list and choose it there.</source>
        <translation>La commande %1 ne fait pas partie de vos commandes. Ouvrez la liste de vos commandes et choisissez-la.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sign in to see your orders.</source>
        <translation>Connectez-vous pour voir vos commandes.</translation>
    </message>
    <message>
        <location line="+141"/>
        <source>The page number starts at 1.</source>
        <translation>Le numéro de page commence à 1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask for 1 to %1 orders per page.</source>
        <translation>Demandez de 1 à %1 commandes par page.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Product %1 does not exist. Choose a product of your order.</source>
        <translation>Le produit %1 n&apos;existe pas. Choisissez un produit de votre commande.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Order %1 does not hold this product. Review it with the order it came with.</source>
        <translation>La commande %1 ne contient pas ce produit. Donnez votre avis avec la commande qui le contenait.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Order %1 has not been delivered yet. Review the product once it has arrived.</source>
        <translation>La commande %1 n&apos;a pas encore été livrée. Donnez votre avis sur le produit une fois reçu.</translation>
    </message>
</context>
<context>
    <name>CustomerService</name>
    <message>
        <location filename="../services/customers/CustomerExport.cpp" line="+184"/>
        <source>The file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Impossible d&apos;écrire le fichier %1. Choisissez un dossier dans lequel vous pouvez écrire.</translation>
    </message>
    <message>
        <location filename="../services/customers/CustomerMerge.cpp" line="+84"/>
        <source>A customer cannot be merged into themselves. Choose the other account to keep.</source>
        <translation>Un client ne peut pas être fusionné avec lui-même. Choisissez l&apos;autre compte à conserver.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 was already merged into another customer. Search again.</source>
        <translation>%1 a déjà été fusionné avec un autre client. Relancez la recherche.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 was merged into another customer. Merge into the customer it became.</source>
        <translation>%1 a été fusionné avec un autre client. Fusionnez avec le client qui en résulte.</translation>
    </message>
    <message>
        <location filename="../services/customers/CustomerRecords.cpp" line="+81"/>
        <source>There is no customer with number %1. Search for the customer again.</source>
        <translation>Aucun client ne porte le numéro %1. Recherchez à nouveau le client.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is a staff account, not a customer. Choose a customer.</source>
        <translation>%1 est un compte du personnel, pas un client. Choisissez un client.</translation>
    </message>
    <message>
        <location filename="../services/customers/CustomerService.cpp" line="+143"/>
        <source>a new address</source>
        <translation>une nouvelle adresse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the street of %1.</source>
        <translation>Saisissez la rue de %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the city of %1.</source>
        <translation>Saisissez la ville de %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the postal code of %1.</source>
        <translation>Saisissez le code postal de %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the country of %1.</source>
        <translation>Saisissez le pays de %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Each part of an address may be at most %1 characters long: shorten %2.</source>
        <translation>Chaque partie d&apos;une adresse ne peut pas dépasser %1 caractères : raccourcissez %2.</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>Mark only one shipping address as the default.</source>
        <translation>Ne marquez qu&apos;une seule adresse de livraison par défaut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark only one billing address as the default.</source>
        <translation>Ne marquez qu&apos;une seule adresse de facturation par défaut.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 was merged into another customer. Edit the customer it became instead.</source>
        <translation>%1 a été fusionné avec un autre client. Modifiez plutôt le client qui en résulte.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Another account already uses the e-mail address %1. Enter a different one, or merge the two customers.</source>
        <translation>Un autre compte utilise déjà l&apos;adresse e-mail %1. Saisissez-en une autre ou fusionnez les deux clients.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The address %1 is no longer this customer&apos;s. Open the customer again.</source>
        <translation>L&apos;adresse %1 n&apos;appartient plus à ce client. Rouvrez le client.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The address %1 is on order %2, so it stays. Keep it in the list.</source>
        <translation>L&apos;adresse %1 figure sur la commande %2 et est donc conservée. Gardez-la dans la liste.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <location filename="../services/db/Database.cpp" line="+29"/>
        <source>The database is closed.</source>
        <translation>La base de données est fermée.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This database was written by a newer version of Storekeeper. Install the newer Storekeeper to open it.</source>
        <translation>Cette base de données a été écrite par une version plus récente de Storekeeper. Installez cette version plus récente de Storekeeper pour l&apos;ouvrir.</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <location filename="../services/db/DatabaseUrl.cpp" line="+18"/>
        <source>The database address &quot;%1&quot; is not valid: %2 Use a file path, sqlite:///path/to/shop.db or postgresql://user:password@host:5432/database.</source>
        <translation>L&apos;adresse de base de données « %1 » n&apos;est pas valide : %2 Utilisez un chemin de fichier, sqlite:///path/to/shop.db ou postgresql://user:password@host:5432/database.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>it could not be read as a URL.</source>
        <translation>elle n&apos;a pas pu être lue comme une URL.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the host name is missing.</source>
        <translation>le nom d&apos;hôte manque.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>le port doit être compris entre 1 et 65535.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the database name is missing.</source>
        <translation>le nom de la base de données manque.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the file path is empty.</source>
        <translation>le chemin du fichier est vide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it names a folder, not a file.</source>
        <translation>elle désigne un dossier, pas un fichier.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it is empty.</source>
        <translation>elle est vide.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an sqlite:// address needs an absolute path (three slashes).</source>
        <translation>une adresse sqlite:// exige un chemin absolu (trois barres obliques).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the kind &quot;%1&quot; is not supported.</source>
        <translation>le type « %1 » n&apos;est pas pris en charge.</translation>
    </message>
</context>
<context>
    <name>DemoCatalog</name>
    <message>
        <location filename="../services/maintenance/DemoCatalog.cpp" line="+353"/>
        <source>Back room</source>
        <translation>Réserve</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Opening stock</source>
        <translation>Stock initial</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Shelf refill</source>
        <translation>Réassort du rayon</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Box crushed in delivery</source>
        <translation>Carton écrasé pendant la livraison</translation>
    </message>
</context>
<context>
    <name>DemoCommand</name>
    <message>
        <location filename="../app/DemoCommand.cpp" line="+59"/>
        <source>Creating the demo shop: %1 %</source>
        <translation>Création de la boutique de démonstration : %1 %</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Fills the database with a realistic demo shop: vendors, staff, customers, and a catalog of products with variants, pictures and categories.</source>
        <translation>Remplit la base de données avec une boutique de démonstration réaliste : fournisseurs, personnel, clients et un catalogue de produits avec variantes, images et catégories.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many products to create (default %1).</source>
        <translation>Nombre de produits à créer (par défaut %1).</translation>
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
        <translation>Nombre de jours passés de ventes, retours, commandes en ligne et avis à créer (par défaut %1 ; 0 pour aucun).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add the demo data even though the database already holds a shop.</source>
        <translation>Ajoute les données de démonstration même si la base contient déjà une boutique.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--products needs a whole number from 1 to %1.</source>
        <translation>--products attend un nombre entier de 1 à %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--history-days needs a whole number from 0 to %1.</source>
        <translation>--history-days attend un nombre entier de 0 à %1.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stopped: the database was left as it was.</source>
        <translation>Arrêté : la base de données est restée telle quelle.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Stopped: the shop is kept with the first %n day(s) of its history.</source>
        <translation>
            <numerusform>Arrêté : la boutique conserve %n jour d&apos;historique, depuis le début.</numerusform>
            <numerusform>Arrêté : la boutique conserve les %n premiers jours de son historique.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The demo shop is ready in %1: %2 products, %3 vendors and %4 user accounts.</source>
        <translation>La boutique de démonstration est prête dans %1 : %2 produits, %3 fournisseurs et %4 comptes utilisateur.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Its history: %1 days with %2 sales at the register, %3 returns, %4 online orders and %5 reviews.</source>
        <translation>Son historique : %1 jours avec %2 ventes en caisse, %3 retours, %4 commandes en ligne et %5 avis.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sign in with:</source>
        <translation>Connectez-vous avec :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Owner (administrator)</source>
        <translation>Propriétaire (administrateur)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>password %1</source>
        <translation>mot de passe %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>password %1, PIN %2</source>
        <translation>mot de passe %1, code PIN %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Fournisseur</translation>
    </message>
</context>
<context>
    <name>DemoHistory</name>
    <message>
        <location filename="../services/maintenance/DemoHistory.cpp" line="+81"/>
        <source>The demo shop&apos;s register, staff or customers are missing. Fill the demo shop into a new database.</source>
        <translation>La caisse, le personnel ou les clients de la boutique de démonstration sont absents. Créez la boutique de démonstration dans une nouvelle base de données.</translation>
    </message>
</context>
<context>
    <name>DemoShop</name>
    <message>
        <location filename="../services/maintenance/DemoShop.cpp" line="+120"/>
        <source>This database already holds a shop. Use another database, or --force to add the demo data beside what is there.</source>
        <translation>Cette base de données contient déjà une boutique. Utilisez une autre base de données, ou --force pour ajouter les données de démonstration à côté de celles qui s&apos;y trouvent.</translation>
    </message>
    <message>
        <location filename="../services/maintenance/DemoCatalog.cpp" line="-224"/>
        <location filename="../services/maintenance/DemoShop.cpp" line="+28"/>
        <location line="+6"/>
        <source>Filling the demo shop was cancelled; nothing was written.</source>
        <translation>Le remplissage de la boutique de démonstration a été annulé ; rien n&apos;a été écrit.</translation>
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
    <name>ExportCommand</name>
    <message>
        <location filename="../app/ExportCommand.cpp" line="+31"/>
        <source>Usage: storekeeper export products FILE [--format storekeeper|shopify]</source>
        <translation>Utilisation : storekeeper export products FICHIER [--format storekeeper|shopify]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &quot;storekeeper export products --help&quot; to see its options.</source>
        <translation>Lancez « storekeeper export products --help » pour voir ses options.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>storekeeper export: say what to export, for example: storekeeper export products FILE</source>
        <translation>storekeeper export : indiquez ce qu&apos;il faut exporter, par exemple : storekeeper export products FICHIER</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>storekeeper export: cannot export &quot;%1&quot;. Only &quot;products&quot; can be exported.</source>
        <translation>storekeeper export : impossible d&apos;exporter « %1 ». Seul « products » peut être exporté.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writes every product, with its variants, category, vendor and image addresses, to a CSV file that &quot;storekeeper import products&quot; reads back. An existing FILE is replaced only once the new one is complete.</source>
        <translation>Écrit tous les produits, avec leurs variantes, leur catégorie, leur fournisseur et les adresses de leurs images, dans un fichier CSV que « storekeeper import products » sait relire. Un FICHIER existant n&apos;est remplacé qu&apos;une fois le nouveau complet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>FILE</source>
        <translation>FICHIER</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>storekeeper (default) or shopify.</source>
        <translation>storekeeper (par défaut) ou shopify.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--format must be storekeeper or shopify.</source>
        <translation>--format doit valoir storekeeper ou shopify.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Note: %1</source>
        <translation>Remarque : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 products with %2 variants and %3 images written to %4.</source>
        <translation>%1 produits avec %2 variantes et %3 images écrits dans %4.</translation>
    </message>
</context>
<context>
    <name>GatewayClient</name>
    <message>
        <location filename="../services/payments/GatewayClient.cpp" line="+48"/>
        <source>The payment service did not answer in time. Press Retry to ask again: the card will not be charged twice.</source>
        <translation>Le service de paiement n&apos;a pas répondu à temps. Appuyez sur Réessayer pour redemander : la carte ne sera pas débitée deux fois.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service cannot be reached. Check the network, or take cash.</source>
        <translation>Le service de paiement est injoignable. Vérifiez le réseau ou encaissez en espèces.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service is not working at the moment. Press Retry in a minute, or take cash.</source>
        <translation>Le service de paiement ne fonctionne pas pour le moment. Appuyez sur Réessayer dans une minute ou encaissez en espèces.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The payment service sent an answer Storekeeper does not understand. Press Retry; if it happens again, take another way to pay.</source>
        <translation>Le service de paiement a envoyé une réponse que Storekeeper ne comprend pas. Appuyez sur Réessayer ; si cela se reproduit, choisissez un autre moyen de paiement.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The payment service refused Storekeeper&apos;s API key. Ask an administrator to check the gateway settings.</source>
        <translation>Le service de paiement a refusé la clé API de Storekeeper. Demandez à un administrateur de vérifier les réglages de la passerelle.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service has already received this payment with another amount. Start the card payment again.</source>
        <translation>Le service de paiement a déjà reçu ce paiement avec un autre montant. Relancez le paiement par carte.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service refused the request. Take another way to pay, and ask an administrator to check the gateway settings.</source>
        <translation>Le service de paiement a refusé la demande. Choisissez un autre moyen de paiement et demandez à un administrateur de vérifier les réglages de la passerelle.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The payment service does not know this payment.</source>
        <translation>Le service de paiement ne connaît pas ce paiement.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No payment service is set up. Ask an administrator to enter the gateway&apos;s address in Settings, or take cash.</source>
        <translation>Aucun service de paiement n&apos;est configuré. Demandez à un administrateur de saisir l&apos;adresse de la passerelle dans les Paramètres, ou encaissez en espèces.</translation>
    </message>
    <message>
        <location line="+184"/>
        <source>A card payment must be for more than zero.</source>
        <translation>Un paiement par carte doit être supérieur à zéro.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>A refund must be for more than zero.</source>
        <translation>Un remboursement doit être supérieur à zéro.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This payment has no reference at the payment service, so it cannot be refunded there. Refund it in cash.</source>
        <translation>Ce paiement n&apos;a pas de référence auprès du service de paiement ; il ne peut donc pas y être remboursé. Remboursez-le en espèces.</translation>
    </message>
</context>
<context>
    <name>GatewaySettingsStore</name>
    <message>
        <location filename="../services/payments/GatewaySettingsStore.cpp" line="+55"/>
        <source>The gateway&apos;s address must be a web address such as https://gateway.example.com, or empty for cash only.</source>
        <translation>L&apos;adresse de la passerelle doit être une adresse web comme https://gateway.example.com, ou rester vide pour les espèces uniquement.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The gateway&apos;s API key may only contain letters, digits and punctuation, without spaces.</source>
        <translation>La clé API de la passerelle ne peut contenir que des lettres, des chiffres et des signes de ponctuation, sans espaces.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the terminal&apos;s id as the payment service knows it: up to 32 letters and digits, without spaces.</source>
        <translation>Saisissez l&apos;identifiant du terminal tel que le service de paiement le connaît : jusqu&apos;à 32 lettres et chiffres, sans espaces.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gateway&apos;s timeout must be between 1 and 120 seconds.</source>
        <translation>Le délai d&apos;attente de la passerelle doit être compris entre 1 et 120 secondes.</translation>
    </message>
</context>
<context>
    <name>GatewaySimulatorMain</name>
    <message>
        <location filename="../app/gateway-sim/main.cpp" line="+21"/>
        <source>A card payment gateway on loopback for testing Storekeeper (docs/payments.md).</source>
        <translation>Une passerelle de paiement par carte en boucle locale pour tester Storekeeper (docs/payments.md).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Port to listen on (default 8089).</source>
        <translation>Port d&apos;écoute (8089 par défaut).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The only API key accepted (default: any).</source>
        <translation>La seule clé API acceptée (par défaut : n&apos;importe laquelle).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep payments in this JSON file across restarts.</source>
        <translation>Conserver les paiements dans ce fichier JSON entre les redémarrages.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The port must be a number from 0 to 65535.</source>
        <translation>Le port doit être un nombre compris entre 0 et 65535.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot read the state file %1: %2</source>
        <translation>Impossible de lire le fichier d&apos;état %1 : %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot listen on port %1: %2. Choose another port with --port.</source>
        <translation>Impossible d&apos;écouter sur le port %1 : %2. Choisissez un autre port avec --port.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>listening on %1</source>
        <translation>à l&apos;écoute sur %1</translation>
    </message>
</context>
<context>
    <name>ImportCommand</name>
    <message>
        <location filename="../app/ImportCommand.cpp" line="+47"/>
        <source>Usage: storekeeper import products FILE [--format storekeeper|shopify] [--dry-run] [--report FILE]</source>
        <translation>Utilisation : storekeeper import products FICHIER [--format storekeeper|shopify] [--dry-run] [--report FICHIER]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run &quot;storekeeper import products --help&quot; to see its options.</source>
        <translation>Lancez « storekeeper import products --help » pour voir ses options.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>storekeeper import: say what to import, for example: storekeeper import products FILE</source>
        <translation>storekeeper import : indiquez ce qu&apos;il faut importer, par exemple : storekeeper import products FICHIER</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>storekeeper import: cannot import &quot;%1&quot;. Only &quot;products&quot; can be imported.</source>
        <translation>storekeeper import : impossible d&apos;importer « %1 ». Seul « products » peut être importé.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Imports products from a CSV file in Storekeeper&apos;s own format or Shopify&apos;s product export. Every row is checked first; the products whose rows are all valid are imported in one transaction, the others are listed with their line numbers. A product whose handle or SKUs exist is updated. Exit status 1 when any row was rejected.</source>
        <translation>Importe des produits depuis un fichier CSV au format propre de Storekeeper ou issu de l&apos;export de produits de Shopify. Chaque ligne est d&apos;abord vérifiée ; les produits dont toutes les lignes sont valides sont importés en une seule transaction, les autres sont listés avec leurs numéros de ligne. Un produit dont le handle ou les SKU existent déjà est mis à jour. Code de sortie 1 si une ligne a été rejetée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>FILE</source>
        <translation>FICHIER</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>storekeeper or shopify (default: told by the file&apos;s first line).</source>
        <translation>storekeeper ou shopify (par défaut : déduit de la première ligne du fichier).</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the file and say what would change, without changing anything.</source>
        <translation>Vérifie le fichier et indique ce qui changerait, sans rien modifier.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write every rejected row (line, handle, SKU, reason) to this CSV file.</source>
        <translation>Écrit chaque ligne rejetée (ligne, handle, SKU, motif) dans ce fichier CSV.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--format must be storekeeper or shopify.</source>
        <translation>--format doit valoir storekeeper ou shopify.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--report needs a file name.</source>
        <translation>--report attend un nom de fichier.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file %1 does not exist. Check the name.</source>
        <translation>Le fichier %1 n&apos;existe pas. Vérifiez le nom.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Importing: %1 %</source>
        <translation>Importation : %1 %</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Stopped: the database was left as it was.</source>
        <translation>Arrêté : la base de données est restée telle quelle.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Note: %1</source>
        <translation>Remarque : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line %1: %2</source>
        <translation>Ligne %1 : %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>... and %1 more rejected rows. Use --report FILE to list them all.</source>
        <translation>... et %1 autres lignes rejetées. Utilisez --report FICHIER pour les lister toutes.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>... and %1 more rejected rows, all listed in %2.</source>
        <translation>... et %1 autres lignes rejetées, toutes listées dans %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2 rows, %3 format)</source>
        <translation>%1 (%2 lignes, format %3)</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../services/catalog/ImportReport.cpp" line="+28"/>
        <source>Dry run, nothing was written: %1 products would be created, %2 updated and %3 left unchanged.</source>
        <translation>Simulation, rien n&apos;a été écrit : %1 produits seraient créés, %2 mis à jour et %3 laissés inchangés.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 products created, %2 updated, %3 unchanged.</source>
        <translation>%1 produits créés, %2 mis à jour, %3 inchangés.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 categories and %2 vendors would be added.</source>
        <translation>%1 catégories et %2 fournisseurs seraient ajoutés.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 categories and %2 vendors added.</source>
        <translation>%1 catégories et %2 fournisseurs ajoutés.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 rows (%2 products) were rejected and not imported; fix them and import the file again.</source>
        <translation>%1 lignes (%2 produits) ont été rejetées et non importées ; corrigez-les et importez à nouveau le fichier.</translation>
    </message>
</context>
<context>
    <name>IntegrityCheck</name>
    <message>
        <location filename="../services/maintenance/IntegrityCheck.cpp" line="+33"/>
        <source>SQLite reports damage: %1. Restore a backup.</source>
        <translation>SQLite signale des dommages : %1. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite integrity check passed.</source>
        <translation>Vérification d&apos;intégrité SQLite réussie.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Table %1 row %2 refers to a missing row in %3.</source>
        <translation>La ligne %2 de la table %1 fait référence à une ligne manquante dans %3.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every reference points to an existing row.</source>
        <translation>Chaque référence pointe vers une ligne existante.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PostgreSQL %1 answers.</source>
        <translation>PostgreSQL %1 répond.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Audit journal intact (%1 rows).</source>
        <translation>Journal d&apos;audit intact (%1 lignes).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Product %1 has no variant; every product needs at least one. Open the product and add one.</source>
        <translation>Le produit %1 n&apos;a aucune variante ; chaque produit en exige au moins une. Ouvrez le produit et ajoutez-en une.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Product %1 is listed at %2 minor units, but its lowest variant price is %3. Save the product again to repair the listing.</source>
        <translation>Le produit %1 est affiché à %2 unités mineures, mais le prix de sa variante la moins chère est %3. Enregistrez à nouveau le produit pour corriger l&apos;affichage.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every product has a variant and the right lowest price (%1 products).</source>
        <translation>Chaque produit a une variante et le bon prix le plus bas (%1 produits).</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Stock of %1 at %2 is %3, but its movements add up to %4. Count it and post the count, or restore a backup.</source>
        <translation>Le stock de %1 à l&apos;emplacement %2 est de %3, mais ses mouvements totalisent %4. Comptez-le et validez le comptage, ou restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every stock level equals the sum of its movements (%1 levels).</source>
        <translation>Chaque niveau de stock est égal à la somme de ses mouvements (%1 niveaux).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 at %2 has %3 reserved, but its active reservations hold %4. Release the reservations and reserve again.</source>
        <translation>Pour %1 à l&apos;emplacement %2, %3 sont réservés, mais les réservations actives en retiennent %4. Libérez les réservations et réservez à nouveau.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reserved stock equals the active reservations.</source>
        <translation>Le stock réservé correspond aux réservations actives.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 at %2 has %3 on hand and %4 reserved; reserved must be between zero and on hand. Restore a backup.</source>
        <translation>Pour %1 à l&apos;emplacement %2, le stock physique est de %3 et %4 sont réservés ; la quantité réservée doit être comprise entre zéro et le stock physique. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No stock level is negative or reserves more than it holds.</source>
        <translation>Aucun niveau de stock n&apos;est négatif ni ne réserve plus qu&apos;il ne contient.</translation>
    </message>
    <message>
        <location filename="../services/maintenance/SalesIntegrity.cpp" line="+83"/>
        <source>Order %1 has a total of %2, but its subtotal, discount, tax and shipping make %3. Restore a backup.</source>
        <translation>La commande %1 a un total de %2, mais son sous-total, sa remise, ses taxes et ses frais de port font %3. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The line %2 of order %1 does not add up: price times quantity, less discount, plus tax must make its total. Restore a backup.</source>
        <translation>La ligne %2 de la commande %1 n&apos;est pas cohérente : le prix multiplié par la quantité, moins la remise, plus la taxe doit donner son total. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Order %1 has no lines. Restore a backup.</source>
        <translation>La commande %1 n&apos;a aucune ligne. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>subtotal</source>
        <translation>le sous-total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>discount</source>
        <translation>la remise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tax</source>
        <translation>la taxe</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order %1 has a %2 of %3, but its lines add up to %4. Restore a backup.</source>
        <translation>Pour la commande %1, %2 est de %3, mais ses lignes totalisent %4. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every order&apos;s total and lines add up (%1 orders).</source>
        <translation>Le total et les lignes de chaque commande sont cohérents (%1 commandes).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Order %1 is marked paid %2, but its payments add up to %3. Restore a backup.</source>
        <translation>La commande %1 est marquée comme payée à hauteur de %2, mais ses paiements totalisent %3. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The sale %1 was paid %2 for a total of %3; a sale at the register is paid in full. Restore a backup.</source>
        <translation>La vente %1 a été payée %2 pour un total de %3 ; une vente en caisse est payée intégralement. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order %1 is marked refunded %2, but its refunds add up to %3. Restore a backup.</source>
        <translation>La commande %1 est marquée comme remboursée à hauteur de %2, mais ses remboursements totalisent %3. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order %1 charged %2 for shipping, but its refunds give %3 of shipping back. Restore a backup.</source>
        <translation>La commande %1 a facturé %2 de livraison, mais ses remboursements rendent %3 de livraison. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Every order&apos;s paid and refunded amounts match its payments and refunds (%1 payments).</source>
        <translation>Les montants payés et remboursés de chaque commande correspondent à ses paiements et remboursements (%1 paiements).</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Register %1 has no receipt number %2 although it printed up to %3. Restore a backup.</source>
        <translation>La caisse %1 n&apos;a pas de ticket numéro %2 alors qu&apos;elle a imprimé jusqu&apos;au numéro %3. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Register %1 printed receipts up to %2, but its next receipt number is %3 instead of %4. Restore a backup.</source>
        <translation>La caisse %1 a imprimé des tickets jusqu&apos;au numéro %2, mais son prochain numéro de ticket est %3 au lieu de %4. Restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Receipt numbers run without gaps on every register (%1 receipts).</source>
        <translation>Les numéros de ticket se suivent sans trou sur chaque caisse (%1 tickets).</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Shift %1 on register %2 has %3 = %4 in its running totals, but its sales, refunds and cash movements make %5. Its X and Z reports are wrong; restore a backup.</source>
        <translation>La session %1 de la caisse %2 a %3 = %4 dans ses totaux cumulés, mais ses ventes, remboursements et mouvements d&apos;espèces font %5. Ses rapports X et Z sont faux ; restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Shift %1 on register %2 counts %3 %4 payments taking %5 and giving back %6, but its payments and refunds make %7 taking %8 and giving back %9. Its X and Z reports are wrong; restore a backup.</source>
        <translation>La session %1 de la caisse %2 compte %3 paiements %4 encaissant %5 et rendant %6, mais ses paiements et remboursements font %7 encaissant %8 et rendant %9. Ses rapports X et Z sont faux ; restaurez une sauvegarde.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every shift&apos;s running totals match its sales, refunds and cash movements (%1 shifts).</source>
        <translation>Les totaux cumulés de chaque session correspondent à ses ventes, remboursements et mouvements d&apos;espèces (%1 sessions).</translation>
    </message>
</context>
<context>
    <name>InventoryLedger</name>
    <message>
        <location filename="../services/inventory/InventoryLedger.cpp" line="+53"/>
        <source>A reservation needs the order or cart it is for.</source>
        <translation>Une réservation doit indiquer la commande ou le panier auquel elle se rapporte.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Nothing is reserved for %1 %2.</source>
        <translation>Rien n&apos;est réservé pour %1 %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The stock reserved for %1 %2 was already released. Reserve it again before selling.</source>
        <translation>Le stock réservé pour %1 %2 a déjà été libéré. Réservez-le à nouveau avant de le vendre.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The stock reserved for %1 %2 was already sold; it cannot be released. Record a return instead.</source>
        <translation>Le stock réservé pour %1 %2 a déjà été vendu ; il ne peut pas être libéré. Enregistrez plutôt un retour.</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Give the location a short code without spaces (at most %1 characters), such as BACK.</source>
        <translation>Donnez à l&apos;emplacement un code court sans espaces (%1 caractères au maximum), comme BACK.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the location a name of at most %1 characters, such as Back room.</source>
        <translation>Donnez à l&apos;emplacement un nom de %1 caractères au maximum, comme Réserve.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A location with the code %1 exists already. Choose another code.</source>
        <translation>Un emplacement avec le code %1 existe déjà. Choisissez un autre code.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>A unit cost cannot be negative.</source>
        <translation>Un coût unitaire ne peut pas être négatif.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Stock can only be transferred to another location. Choose a different destination.</source>
        <translation>Le stock ne peut être transféré que vers un autre emplacement. Choisissez une autre destination.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>%1 is recorded by its own workflow, not as an adjustment. Choose damaged, lost, found, return or count correction.</source>
        <translation>%1 : ce mouvement est enregistré par son propre processus, pas comme un ajustement. Choisissez Endommagé, Perdu, Trouvé, Retour ou Correction d&apos;inventaire.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Say why the stock changes: an adjustment needs a note.</source>
        <translation>Indiquez pourquoi le stock change : un ajustement nécessite une note.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter how many units change; zero changes nothing.</source>
        <translation>Saisissez le nombre d&apos;unités qui changent ; zéro ne change rien.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 adds stock: enter a quantity above zero, or choose damaged or lost.</source>
        <translation>%1 ajoute du stock : saisissez une quantité supérieure à zéro, ou choisissez Endommagé ou Perdu.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The reorder level and quantity cannot be negative.</source>
        <translation>Le seuil et la quantité de réapprovisionnement ne peuvent pas être négatifs.</translation>
    </message>
    <message>
        <location line="+290"/>
        <source>There is no active stock location. Add one in Inventory.</source>
        <translation>Il n&apos;y a aucun emplacement de stock actif. Ajoutez-en un dans Stock.</translation>
    </message>
    <message>
        <location filename="../services/inventory/InventoryScope.cpp" line="+17"/>
        <source>Your account is not linked to a vendor. Ask an administrator to link it.</source>
        <translation>Votre compte n&apos;est lié à aucun fournisseur. Demandez à un administrateur de le lier.</translation>
    </message>
    <message>
        <location filename="../services/inventory/StockLevelSearch.cpp" line="+138"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code or choose the product from the list.</source>
        <translation>Aucun produit n&apos;a le code-barres ou le SKU « %1 ». Vérifiez le code ou choisissez le produit dans la liste.</translation>
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
        <translation>Ajoutez au moins un article avec une quantité.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a product for every line.</source>
        <translation>Choisissez un produit pour chaque ligne.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quantities must be whole numbers above zero (a line has %1).</source>
        <translation>Les quantités doivent être des nombres entiers supérieurs à zéro (une ligne indique %1).</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>There is no product variant number %1 (or it belongs to another vendor). Refresh and choose it again.</source>
        <translation>Il n&apos;existe aucune variante de produit numéro %1 (ou elle appartient à un autre fournisseur). Actualisez et choisissez-la à nouveau.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>There is no stock location number %1. Choose one of the listed locations.</source>
        <translation>Il n&apos;existe aucun emplacement de stock numéro %1. Choisissez l&apos;un des emplacements proposés.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not enough stock of %1 at %2: %3 available, %4 needed. Lower the quantity or take it from another location.</source>
        <translation>Stock insuffisant de %1 à l&apos;emplacement %2 : disponible %3, nécessaire %4. Réduisez la quantité ou prélevez-la sur un autre emplacement.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>The stock level could not be created. Try again.</source>
        <translation>Le niveau de stock n&apos;a pas pu être créé. Réessayez.</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+18"/>
        <source>The reserved stock does not match the reservations. Run &quot;storekeeper check&quot;.</source>
        <translation>Le stock réservé ne correspond pas aux réservations. Exécutez « storekeeper check ».</translation>
    </message>
</context>
<context>
    <name>Localization</name>
    <message>
        <location filename="../app/Localization.cpp" line="+70"/>
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
    <name>LowStock</name>
    <message>
        <location filename="../services/inventory/LowStock.cpp" line="+143"/>
        <source>The file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Impossible d&apos;écrire le fichier %1. Choisissez un dossier dans lequel vous avez le droit d&apos;écrire.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file %1 could not be written completely. Check the free space and try again.</source>
        <translation>Le fichier %1 n&apos;a pas pu être écrit entièrement. Vérifiez l&apos;espace libre et réessayez.</translation>
    </message>
    <message>
        <location filename="../services/inventory/StockLevelWriter.cpp" line="+63"/>
        <source>Low stock: %1</source>
        <translation>Stock bas : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 at %2 is down to %3 available (reorder level %4). Order more or raise the reorder level.</source>
        <translation>Le stock disponible de %1 à l&apos;emplacement %2 est tombé à %3 (seuil de réapprovisionnement %4). Commandez-en davantage ou relevez le seuil de réapprovisionnement.</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <location filename="../services/db/Migrator.cpp" line="+135"/>
        <source>This database was written by a newer version of Storekeeper (schema %1; this program knows schema %2). Install the newer Storekeeper to open it.</source>
        <translation>Cette base de données a été écrite par une version plus récente de Storekeeper (schéma %1 ; ce programme connaît le schéma %2). Installez cette version plus récente de Storekeeper pour l&apos;ouvrir.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Updating the database to schema %1 (%2) failed; it was left at schema %3. Restore a backup or report this problem.</source>
        <translation>La mise à jour de la base de données vers le schéma %1 (%2) a échoué ; elle est restée au schéma %3. Restaurez une sauvegarde ou signalez ce problème.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../ui/Navigation.cpp" line="+67"/>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inventory</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviews</source>
        <translation>Avis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ring up sales with the barcode scanner or the keyboard.</source>
        <translation>Enregistrez les ventes avec le lecteur de codes-barres ou le clavier.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse and edit products, their variants, categories and prices.</source>
        <translation>Parcourez et modifiez les produits, leurs variantes, leurs catégories et leurs prix.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>See stock on hand, receive deliveries and count the shelves.</source>
        <translation>Consultez le stock disponible, réceptionnez les livraisons et faites l&apos;inventaire des rayons.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow orders from payment to delivery, with returns and refunds.</source>
        <translation>Suivez les commandes du paiement à la livraison, avec les retours et les remboursements.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Look up customers, their addresses and what they have bought.</source>
        <translation>Retrouvez les clients, leurs adresses et leurs achats.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read what customers say about the products, reply and moderate.</source>
        <translation>Lisez les avis des clients sur les produits, répondez-y et modérez-les.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sales, tax and stock figures by day, category, vendor or clerk.</source>
        <translation>Chiffres des ventes, des taxes et du stock par jour, catégorie, fournisseur ou caissier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff and customer accounts: roles, passwords, PINs and lockouts.</source>
        <translation>Comptes du personnel et des clients : rôles, mots de passe, codes PIN et blocages.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E-mails to customers and vendors: what was sent, what failed and why.</source>
        <translation>E-mails aux clients et aux fournisseurs : ce qui a été envoyé, ce qui a échoué et pourquoi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The shop&apos;s details, currency, tax rate and register defaults.</source>
        <translation>Coordonnées de la boutique, devise, taux de taxe et réglages par défaut de la caisse.</translation>
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
        <translation>L&apos;imprimante de tickets à l&apos;adresse %1 ne répond pas. Vérifiez qu&apos;elle est allumée, qu&apos;elle a du papier et qu&apos;elle est connectée au réseau, puis réimprimez le ticket.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No receipt printer is set up for this register. Enter its address in Settings, or print through the system print dialog.</source>
        <translation>Aucune imprimante de tickets n&apos;est configurée pour cette caisse. Saisissez son adresse dans les Paramètres ou imprimez via la boîte de dialogue d&apos;impression du système.</translation>
    </message>
</context>
<context>
    <name>NotificationOutbox</name>
    <message>
        <location filename="../services/notifications/NotificationOutbox.cpp" line="+56"/>
        <source>Message %1 is no longer in the outbox. Refresh the list.</source>
        <translation>Le message %1 n&apos;est plus dans la boîte d&apos;envoi. Actualisez la liste.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A notification was queued without its event&apos;s key. Report this as a defect.</source>
        <translation>Une notification a été mise en file d&apos;attente sans la clé de son événement. Signalez-le comme un défaut.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Only a failed message can be sent again; this one is %1.</source>
        <translation>Seul un message en échec peut être renvoyé ; celui-ci a le statut «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Someone queued this message again a moment ago. Refresh the list.</source>
        <translation>Quelqu&apos;un vient de remettre ce message en file d&apos;attente. Actualisez la liste.</translation>
    </message>
</context>
<context>
    <name>NotificationSender</name>
    <message>
        <location filename="../services/notifications/NotificationSender.cpp" line="+123"/>
        <source>Sending stopped while this message was with the mail server, so it may have been delivered. Ask the recipient, or press Retry to send it again.</source>
        <translation>L&apos;envoi s&apos;est interrompu alors que ce message était chez le serveur de messagerie ; il a donc peut-être été remis. Demandez au destinataire, ou appuyez sur Réessayer pour le renvoyer.</translation>
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
        <translation>Bonjour,</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hello %1,</source>
        <translation>Bonjour %1,</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kind regards,
%1</source>
        <translation>Cordialement,
%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your order %1 at %2</source>
        <translation>Votre commande %1 chez %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thank you for your order %1 of %2. We will write again when it is on its way.</source>
        <translation>Merci pour votre commande %1 d&apos;un montant de %2. Nous vous écrirons de nouveau dès qu&apos;elle sera en route.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your order %1: %2</source>
        <translation>Votre commande %1 : %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your order %1 is now: %2.</source>
        <translation>Votre commande %1 est maintenant : %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your order %1 is on its way.</source>
        <translation>Votre commande %1 est en route.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Carrier: %1
Tracking number: %2</source>
        <translation>Transporteur : %1
Numéro de suivi : %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your order %1 has shipped</source>
        <translation>Votre commande %1 a été expédiée</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Refund for your order %1</source>
        <translation>Remboursement de votre commande %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We have refunded %1 for your order %2. Depending on your bank, it can take a few days to appear.</source>
        <translation>Nous avons remboursé %1 pour votre commande %2. Selon votre banque, il peut falloir quelques jours pour qu&apos;il apparaisse.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your password at %1 was reset</source>
        <translation>Votre mot de passe chez %1 a été réinitialisé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An administrator has set a new password for your account %1. If you did not ask for this, contact us at once.</source>
        <translation>Un administrateur a défini un nouveau mot de passe pour votre compte %1. Si vous ne l&apos;avez pas demandé, contactez-nous immédiatement.</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <location filename="../services/notifications/NotificationTypes.cpp" line="+33"/>
        <source>Order placed</source>
        <translation>Commande passée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order status</source>
        <translation>Statut de commande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order shipped</source>
        <translation>Commande expédiée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low stock</source>
        <translation>Stock bas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password reset</source>
        <translation>Réinitialisation du mot de passe</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
</context>
<context>
    <name>OnlineCartService</name>
    <message>
        <location filename="../services/orders/OnlineCartService.cpp" line="+25"/>
        <source>This item is not in your cart. Reload the cart.</source>
        <translation>Cet article n&apos;est pas dans votre panier. Rechargez le panier.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter a quantity from %1 to %2.</source>
        <translation>Saisissez une quantité de %1 à %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (SKU %2)</source>
        <translation>%1 (SKU %2)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is out of stock: none available.</source>
        <translation>%1 est en rupture de stock : aucun disponible.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only %1 of %2 available. Choose a quantity of at most %1.</source>
        <translation>Seulement %1 de %2 disponible(s). Choisissez une quantité de %1 au maximum.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No product has the id %1. Choose a product from the catalog.</source>
        <translation>Aucun produit n&apos;a l&apos;identifiant %1. Choisissez un produit du catalogue.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not for sale at the moment. Choose another product.</source>
        <translation>%1 n&apos;est pas en vente pour le moment. Choisissez un autre produit.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 comes in several variants: choose one and send its variant_id.</source>
        <translation>%1 existe en plusieurs variantes : choisissez-en une et envoyez son variant_id.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no variant with the id %2. Choose one of its variants.</source>
        <translation>%1 n&apos;a aucune variante avec l&apos;identifiant %2. Choisissez l&apos;une de ses variantes.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no variant for sale. Choose another product.</source>
        <translation>%1 n&apos;a aucune variante en vente. Choisissez un autre produit.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not for sale at the moment. Choose another variant.</source>
        <translation>%1 n&apos;est pas en vente pour le moment. Choisissez une autre variante.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>A cart holds at most %1 of one item; %2 are already in it.</source>
        <translation>Un panier contient au maximum %1 exemplaires d&apos;un même article ; %2 y sont déjà.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1 is no longer for sale. Remove it from your cart.</source>
        <translation>%1 n&apos;est plus en vente. Retirez-le de votre panier.</translation>
    </message>
</context>
<context>
    <name>OpenApi</name>
    <message>
        <location filename="../api/OpenApi.cpp" line="+28"/>
        <source>The API description %1 is not valid: %2.</source>
        <translation>La description d&apos;API %1 n&apos;est pas valide : %2.</translation>
    </message>
</context>
<context>
    <name>OrderDetailPanel</name>
    <message>
        <location filename="../ui/orders/OrderDetailPanel.cpp" line="+61"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Voided</source>
        <translation>Annulée</translation>
    </message>
</context>
<context>
    <name>OrderDetails</name>
    <message>
        <location filename="../services/orders/OrderDetails.cpp" line="+22"/>
        <source>This order was not found. Reload the list of orders.</source>
        <translation>Cette commande est introuvable. Rechargez la liste des commandes.</translation>
    </message>
</context>
<context>
    <name>OrderEvents</name>
    <message>
        <location filename="../services/orders/OrderEvents.cpp" line="+31"/>
        <source>Order %1 does not exist. Refresh the list.</source>
        <translation>La commande %1 n&apos;existe pas. Actualisez la liste.</translation>
    </message>
</context>
<context>
    <name>OrderSearch</name>
    <message>
        <location filename="../services/orders/OrderSearch.cpp" line="+62"/>
        <source>The lowest amount is above the highest amount. Swap them or clear one.</source>
        <translation>Le montant minimal dépasse le montant maximal. Inversez-les ou effacez-en un.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The first day is after the last day. Swap them or clear one.</source>
        <translation>Le premier jour est postérieur au dernier. Inversez-les ou effacez-en un.</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In store</source>
        <translation>En magasin</translation>
    </message>
</context>
<context>
    <name>OrderService</name>
    <message>
        <location filename="../services/orders/OnlineCart.cpp" line="+21"/>
        <source>This customer does not exist or is switched off. Choose another customer.</source>
        <translation>Ce client n&apos;existe pas ou est désactivé. Choisissez un autre client.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter a quantity of at least 1 for every item.</source>
        <translation>Saisissez une quantité d&apos;au moins 1 pour chaque article.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../services/orders/OnlineOrderWriter.cpp" line="+274"/>
        <source>The cart is empty. Add an item first.</source>
        <translation>Le panier est vide. Ajoutez d&apos;abord un article.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>An item of the cart is no longer sold. Remove it and try again.</source>
        <translation>Un article du panier n&apos;est plus vendu. Retirez-le et réessayez.</translation>
    </message>
    <message>
        <location filename="../services/orders/OnlineOrderWriter.cpp" line="-173"/>
        <source>This cart no longer exists. Add the items to your cart again.</source>
        <translation>Ce panier n&apos;existe plus. Ajoutez de nouveau les articles à votre panier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is a register&apos;s sale, not an online cart. Complete it at the register.</source>
        <translation>Ceci est une vente en caisse, pas un panier en ligne. Finalisez-la à la caisse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This cart has already been ordered. Look for the order in the order list.</source>
        <translation>Ce panier a déjà été commandé. Cherchez la commande dans la liste des commandes.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This cart was emptied or set aside. Add the items to a new cart.</source>
        <translation>Ce panier a été vidé ou mis de côté. Ajoutez les articles à un nouveau panier.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (SKU %2): %3 ordered, %4 left</source>
        <translation>%1 (SKU %2) : %3 commandé(s), %4 restant(s)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (SKU %2): no longer sold</source>
        <translation>%1 (SKU %2) : n&apos;est plus vendu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not enough stock for this order: %1. Lower the quantities or remove these items.</source>
        <translation>Stock insuffisant pour cette commande : %1. Réduisez les quantités ou retirez ces articles.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The cart&apos;s prices do not match its lines. Open the cart again.</source>
        <translation>Les prix du panier ne correspondent pas à ses lignes. Rouvrez le panier.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>street and house number</source>
        <translation>rue et numéro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>city</source>
        <translation>ville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>state or region</source>
        <translation>département ou région</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>postal code</source>
        <translation>code postal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>country</source>
        <translation>pays</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the %1 of the billing address.</source>
        <translation>Saisissez le champ « %1 » de l&apos;adresse de facturation.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the %1 of the shipping address.</source>
        <translation>Saisissez le champ « %1 » de l&apos;adresse de livraison.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The %1 of the billing address may be at most %2 characters long.</source>
        <translation>Le champ « %1 » de l&apos;adresse de facturation ne peut pas dépasser %2 caractères.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The %1 of the shipping address may be at most %2 characters long.</source>
        <translation>Le champ « %1 » de l&apos;adresse de livraison ne peut pas dépasser %2 caractères.</translation>
    </message>
    <message>
        <location line="+20"/>
        <location filename="../services/orders/OrderService.cpp" line="+61"/>
        <source>The note may be at most %1 characters long.</source>
        <translation>La note ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The online order numbers are missing. Run storekeeper check.</source>
        <translation>Les numéros des commandes en ligne sont absents. Exécutez « storekeeper check ».</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Placed online.</source>
        <translation>Passée en ligne.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Enter the amount the card was charged.</source>
        <translation>Saisissez le montant débité sur la carte.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the payment gateway&apos;s reference of the charge (at most %1 characters).</source>
        <translation>Saisissez la référence du débit chez la passerelle de paiement (%1 caractères au maximum).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The card brand may be at most %1 characters long.</source>
        <translation>La marque de la carte ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter only the last four digits of the card, never the whole number.</source>
        <translation>Saisissez uniquement les quatre derniers chiffres de la carte, jamais le numéro complet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The payment&apos;s idempotency key may be at most %1 characters long.</source>
        <translation>La clé d&apos;idempotence du paiement ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This payment is already recorded for another order or amount. Check the gateway&apos;s reference.</source>
        <translation>Ce paiement est déjà enregistré pour une autre commande ou un autre montant. Vérifiez la référence de la passerelle.</translation>
    </message>
    <message>
        <location line="+16"/>
        <location filename="../services/orders/OrderCancellation.cpp" line="+43"/>
        <location filename="../services/orders/OrderService.cpp" line="+24"/>
        <location filename="../services/orders/OrderStatusWriter.cpp" line="+32"/>
        <source>Order %1 does not exist. Refresh the list and choose it again.</source>
        <translation>La commande %1 n&apos;existe pas. Actualisez la liste et choisissez-la de nouveau.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sales at the register are paid at the register.</source>
        <translation>Les ventes en caisse se paient à la caisse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is %2 and takes no more payments.</source>
        <translation>La commande %1 est %2 et n&apos;accepte plus de paiement.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 is in %2; record the payment in %2.</source>
        <translation>La commande %1 est en %2 ; enregistrez le paiement en %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only %1 is still due on order %2, less than the %3 charged. Refund the difference at the gateway.</source>
        <translation>Il ne reste que %1 à payer sur la commande %2, moins que les %3 débités. Remboursez la différence via la passerelle.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Another payment for order %1 was recorded a moment ago. Refresh the order and try again.</source>
        <translation>Un autre paiement de la commande %1 vient d&apos;être enregistré. Actualisez la commande et réessayez.</translation>
    </message>
    <message>
        <location filename="../services/orders/OrderCancellation.cpp" line="+199"/>
        <source>A payment of this order was refunded a moment ago. Refresh the order and try again.</source>
        <translation>Un paiement de cette commande vient d&apos;être remboursé. Actualisez la commande et réessayez.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Items of this order were returned a moment ago. Refresh the order and try again.</source>
        <translation>Des articles de cette commande viennent d&apos;être retournés. Actualisez la commande et réessayez.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This order was refunded a moment ago. Refresh the order and try again.</source>
        <translation>Cette commande vient d&apos;être remboursée. Actualisez la commande et réessayez.</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Everything paid for the cancelled order has been given back.</source>
        <translation>Tout ce qui a été payé pour la commande annulée a été rendu.</translation>
    </message>
    <message>
        <location filename="../services/orders/OrderService.cpp" line="-33"/>
        <source>Vendors see the orders of their own products but may not change them. Ask an administrator to change this order.</source>
        <translation>Les fournisseurs voient les commandes de leurs propres produits mais ne peuvent pas les modifier. Demandez à un administrateur de modifier cette commande.</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>Enter the payment token the payment service gave for the card.</source>
        <translation>Saisissez le jeton de paiement fourni par le service de paiement pour la carte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The payment token must be at most %1 printable characters without spaces.</source>
        <translation>Le jeton de paiement doit comporter au maximum %1 caractères imprimables sans espace.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Never send a card number: send the payment token the payment service gave for the card.</source>
        <translation>N&apos;envoyez jamais de numéro de carte : envoyez le jeton de paiement fourni par le service de paiement pour la carte.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The order is already paid. The card payment is kept for the shop to give back.</source>
        <translation>La commande est déjà payée. Le paiement par carte est conservé pour que la boutique le rembourse.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Order %1 is not among your orders. Open your order list and choose it there.</source>
        <translation>La commande %1 ne fait pas partie de vos commandes. Ouvrez la liste de vos commandes et choisissez-la.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Order %1 has a status Storekeeper does not know. Run storekeeper check.</source>
        <translation>La commande %1 a un statut que Storekeeper ne connaît pas. Exécutez storekeeper check.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Order %1 is being packed and can no longer be cancelled online: it can only become shipped. Contact the shop to stop it.</source>
        <translation>La commande %1 est en cours d&apos;emballage et ne peut plus être annulée en ligne : elle ne peut plus qu&apos;être expédiée. Contactez la boutique pour l&apos;arrêter.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Ship order %1 with its carrier and tracking number.</source>
        <translation>Expédiez la commande %1 avec son transporteur et son numéro de suivi.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel order %1 with Cancel order: it releases the reserved stock and refunds what was paid.</source>
        <translation>Annulez la commande %1 avec « Annuler la commande » : le stock réservé est libéré et les montants payés sont remboursés.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Order %1 becomes refunded when its money is given back: return its items, or cancel it.</source>
        <translation>La commande %1 passe à « Remboursée » lorsque son argent est rendu : retournez ses articles ou annulez-la.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter the carrier that takes the parcel (at most %1 characters).</source>
        <translation>Saisissez le transporteur qui prend en charge le colis (%1 caractères au maximum).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the parcel&apos;s tracking number (at most %1 characters).</source>
        <translation>Saisissez le numéro de suivi du colis (%1 caractères au maximum).</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your cart is empty. Add an item first.</source>
        <translation>Votre panier est vide. Ajoutez d&apos;abord un article.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Address %1 is not among your saved addresses. Choose one of yours or enter the address.</source>
        <translation>L&apos;adresse %1 ne fait pas partie de vos adresses enregistrées. Choisissez l&apos;une des vôtres ou saisissez l&apos;adresse.</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+84"/>
        <source>Card payments are not available at the moment. Your cart is kept; try again later.</source>
        <translation>Les paiements par carte ne sont pas disponibles pour le moment. Votre panier est conservé ; réessayez plus tard.</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>The card was declined: %1. Your cart is kept: pay with another card.</source>
        <translation>La carte a été refusée : %1. Votre panier est conservé : payez avec une autre carte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no reason given</source>
        <translation>aucun motif indiqué</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The payment service has not confirmed the payment of order %1 yet. The order is kept with its items; look at it again in a moment: the card is never charged twice.</source>
        <translation>Le service de paiement n&apos;a pas encore confirmé le paiement de la commande %1. La commande est conservée avec ses articles ; consultez-la de nouveau dans un instant : la carte n&apos;est jamais débitée deux fois.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The payment service has not yet confirmed this order&apos;s card payment. Try again in a moment.</source>
        <translation>Le service de paiement n&apos;a pas encore confirmé le paiement par carte de cette commande. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The payment was interrupted before the payment service received it; the card was not charged.</source>
        <translation>Le paiement a été interrompu avant que le service de paiement ne le reçoive ; la carte n&apos;a pas été débitée.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Cancelled by the customer.</source>
        <translation>Annulée par le client.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The order is cancelled and its stock released, but the card refund of %1 was declined: %2. Cancel the order again to try the card again, or give the money back at a register.</source>
        <translation>La commande est annulée et son stock libéré, mais le remboursement par carte de %1 a été refusé : %2. Annulez de nouveau la commande pour réessayer la carte, ou rendez l&apos;argent à une caisse.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The order is cancelled and its stock released, but the card refund of %1 could not reach the payment gateway. It is kept and sent again with the same key: cancel the order again in a moment.</source>
        <translation>La commande est annulée et son stock libéré, mais le remboursement par carte de %1 n&apos;a pas pu joindre la passerelle de paiement. Il est conservé et renvoyé avec la même clé : annulez de nouveau la commande dans un instant.</translation>
    </message>
    <message>
        <location filename="../services/orders/OrderStatusWriter.cpp" line="+6"/>
        <source>Order %1 has an unknown status. Run storekeeper check.</source>
        <translation>La commande %1 a un statut inconnu. Exécutez « storekeeper check ».</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Someone changed this order a moment ago. Refresh it and try again.</source>
        <translation>Quelqu&apos;un vient de modifier cette commande. Actualisez-la et réessayez.</translation>
    </message>
    <message>
        <location filename="../services/orders/OnlinePaymentRecovery.cpp" line="+45"/>
        <source>The card payment did not go through; nothing was charged.</source>
        <translation>Le paiement par carte n’a pas abouti ; rien n’a été débité.</translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <location filename="../services/orders/OrderStatus.cpp" line="+26"/>
        <source>“%1”</source>
        <translation>« %1 »</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirmed</source>
        <translation>Confirmée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Processing</source>
        <translation>En cours de traitement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivered</source>
        <translation>Livrée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The order is %1, and refunded is final: its status cannot change any more.</source>
        <translation>La commande est %1, et le statut remboursé est définitif : son statut ne peut plus changer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>An order that is %1 cannot become %2. It can only become %3.</source>
        <translation>Une commande au statut %1 ne peut pas passer au statut %2. Elle ne peut passer qu&apos;au statut %3.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> or </source>
        <translation> ou </translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <location filename="../services/auth/PasswordHasher.cpp" line="+321"/>
        <source>Storekeeper is set up with password settings it cannot use. Ask whoever maintains this installation to correct them.</source>
        <translation>Storekeeper est configuré avec des paramètres de mot de passe qu&apos;il ne peut pas utiliser. Demandez à la personne qui gère cette installation de les corriger.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The password could not be saved because the system has no random numbers to spare. Try again in a moment.</source>
        <translation>Le mot de passe n&apos;a pas pu être enregistré, car le système manque momentanément de nombres aléatoires. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The password could not be saved, probably for lack of memory. Close other programs and try again.</source>
        <translation>Le mot de passe n&apos;a pas pu être enregistré, probablement par manque de mémoire. Fermez d&apos;autres programmes et réessayez.</translation>
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
        <translation>Choisissez un mot de passe qui ne soit pas composé uniquement d&apos;espaces.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Choose a password of at least %n characters.</source>
        <translation>
            <numerusform>Choisissez un mot de passe d&apos;au moins %n caractère.</numerusform>
            <numerusform>Choisissez un mot de passe d&apos;au moins %n caractères.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Choose a password of at most %n characters.</source>
        <translation>
            <numerusform>Choisissez un mot de passe d&apos;au plus %n caractère.</numerusform>
            <numerusform>Choisissez un mot de passe d&apos;au plus %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This password is one of the most common and easy to guess. Choose a different one.</source>
        <translation>Ce mot de passe fait partie des plus courants et il est facile à deviner. Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose a password that does not contain your e-mail address or the name before its @.</source>
        <translation>Choisissez un mot de passe qui ne contient ni votre adresse e-mail ni le nom qui précède son @.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Use only the digits 0 to 9 in a PIN, without spaces or letters.</source>
        <translation>N&apos;utilisez que les chiffres 0 à 9 dans un code PIN, sans espaces ni lettres.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a PIN of %1 to %2 digits.</source>
        <translation>Saisissez un code PIN de %1 à %2 chiffres.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a PIN that does not repeat one digit, such as 1111.</source>
        <translation>Choisissez un code PIN qui ne répète pas un même chiffre, comme 1111.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a PIN that does not count up or down, such as 1234 or 4321.</source>
        <translation>Choisissez un code PIN qui ne suit pas un ordre croissant ou décroissant, comme 1234 ou 4321.</translation>
    </message>
</context>
<context>
    <name>PaymentService</name>
    <message>
        <location filename="../services/payments/PaymentService.cpp" line="+87"/>
        <source>This payment no longer exists. Reload the sale.</source>
        <translation>Ce paiement n&apos;existe plus. Rechargez la vente.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This sale is no longer open at the register. Recall it or start a new sale.</source>
        <translation>Cette vente n&apos;est plus ouverte à la caisse. Reprenez-la ou commencez une nouvelle vente.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Nothing is left to pay on this sale. Finish the sale, or add items first.</source>
        <translation>Il ne reste rien à payer sur cette vente. Terminez la vente ou ajoutez d&apos;abord des articles.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This sale is in %1; enter the amount in %1, not %2.</source>
        <translation>Cette vente est en %1 ; saisissez le montant en %1, pas en %2.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The card was declined. Ask for another card or another way to pay.</source>
        <translation>La carte a été refusée. Demandez une autre carte ou un autre moyen de paiement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card was declined: %1. Ask for another card or another way to pay.</source>
        <translation>La carte a été refusée : %1. Demandez une autre carte ou un autre moyen de paiement.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The card payment is still waiting for the customer or the bank. Press Retry to ask again: the card will not be charged twice.</source>
        <translation>Le paiement par carte attend encore le client ou la banque. Appuyez sur Réessayer pour redemander : la carte ne sera pas débitée deux fois.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>This refund no longer exists. Open the receipt again.</source>
        <translation>Ce remboursement n&apos;existe plus. Rouvrez le ticket.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Enter the cash the customer handed over: an amount above zero.</source>
        <translation>Saisissez les espèces remises par le client : un montant supérieur à zéro.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Enter the amount to take by card: above zero and at most what is due.</source>
        <translation>Saisissez le montant à encaisser par carte : supérieur à zéro et au plus égal au montant dû.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+32"/>
        <location line="+120"/>
        <source>No payment service is set up. Ask an administrator to enter the gateway&apos;s address in Settings, or take cash.</source>
        <translation>Aucun service de paiement n&apos;est configuré. Demandez à un administrateur de saisir l&apos;adresse de la passerelle dans les Paramètres, ou encaissez en espèces.</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>The card payment of %1 is more than the %2 still due. Enter %2 or less.</source>
        <translation>Le paiement par carte de %1 dépasse les %2 encore dus. Saisissez %2 ou moins.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Only card payments are sent to the payment service.</source>
        <translation>Seuls les paiements par carte sont envoyés au service de paiement.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This card payment is already closed (%1). Start a new card payment.</source>
        <translation>Ce paiement par carte est déjà clôturé (%1). Lancez un nouveau paiement par carte.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This card payment is already with the payment service. Wait for its answer.</source>
        <translation>Ce paiement par carte est déjà auprès du service de paiement. Attendez sa réponse.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>This payment belongs to a finished sale. Give the money back with a return instead.</source>
        <translation>Ce paiement appartient à une vente terminée. Rendez plutôt l&apos;argent par un retour.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This payment has already been refunded.</source>
        <translation>Ce paiement a déjà été remboursé.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This card payment is still with the payment service. Wait for its answer, then void it.</source>
        <translation>Ce paiement par carte est encore auprès du service de paiement. Attendez sa réponse, puis annulez-le.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The payment service charged another amount than this payment&apos;s. Ask an administrator to check the payment at the payment service.</source>
        <translation>Le service de paiement a débité un autre montant que celui de ce paiement. Demandez à un administrateur de vérifier le paiement auprès du service de paiement.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The payment service refused to give the card payment back: %1. Finish the sale, or ask an administrator.</source>
        <translation>Le service de paiement a refusé de restituer le paiement par carte : %1. Terminez la vente ou adressez-vous à un administrateur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The payment service has not yet confirmed giving the card payment back. Press Void again in a moment: it will not be refunded twice.</source>
        <translation>Le service de paiement n&apos;a pas encore confirmé la restitution du paiement par carte. Appuyez à nouveau sur Annuler dans un instant : il ne sera pas remboursé deux fois.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This payment changed meanwhile. Reload the sale and try again.</source>
        <translation>Ce paiement a été modifié entre-temps. Rechargez la vente et réessayez.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>The card payment was interrupted before the payment service received it; the card was not charged. Take the payment again.</source>
        <translation>Le paiement par carte a été interrompu avant que le service de paiement ne le reçoive ; la carte n&apos;a pas été débitée. Encaissez à nouveau le paiement.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>the refund was interrupted before the payment service received it</source>
        <translation>le remboursement a été interrompu avant que le service de paiement ne le reçoive</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>This card refund was declined. Give the money back in cash, or try the card again from the receipt.</source>
        <translation>Ce remboursement par carte a été refusé. Rendez l&apos;argent en espèces ou réessayez la carte depuis le ticket.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No payment service is set up. Ask an administrator to enter the gateway&apos;s address in Settings, or refund in cash.</source>
        <translation>Aucun service de paiement n&apos;est configuré. Demandez à un administrateur de saisir l&apos;adresse de la passerelle dans les Paramètres, ou remboursez en espèces.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This refund is already with the payment service. Wait for its answer.</source>
        <translation>Ce remboursement est déjà auprès du service de paiement. Attendez sa réponse.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The payment service has not yet confirmed the refund. It is sent again with the same key later; the card will not be refunded twice.</source>
        <translation>Le service de paiement n&apos;a pas encore confirmé le remboursement. Il sera renvoyé plus tard avec la même clé ; la carte ne sera pas remboursée deux fois.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The card refund was declined: %1. Give the money back in cash, or try the card again.</source>
        <translation>Le remboursement par carte a été refusé : %1. Rendez l&apos;argent en espèces ou réessayez la carte.</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <location filename="../services/auth/Permissions.cpp" line="+49"/>
        <source>Sign in first.</source>
        <translation>Connectez-vous d&apos;abord.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your role (%1) may not do this (%2). Ask an administrator.</source>
        <translation>Votre rôle (%1) ne permet pas cette action (%2). Adressez-vous à un administrateur.</translation>
    </message>
</context>
<context>
    <name>Pricing</name>
    <message>
        <location filename="../services/sales/Pricing.cpp" line="+20"/>
        <source>The amounts in this sale are too large to add up. Check the quantities and prices.</source>
        <translation>Les montants de cette vente sont trop élevés pour être additionnés. Vérifiez les quantités et les prix.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (SKU %2)</source>
        <translation>%1 (SKU %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The discount on %1 is negative. Enter a discount of zero or more.</source>
        <translation>La remise sur %1 est négative. Saisissez une remise de zéro ou plus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The discount on %1 is above 100 %. Enter at most 100 %.</source>
        <translation>La remise sur %1 dépasse 100 %. Saisissez au plus 100 %.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The discount of %1 on %2 is more than its %3. Enter a smaller discount.</source>
        <translation>La remise de %1 sur %2 dépasse son %3. Saisissez une remise plus petite.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The shop&apos;s currency &quot;%1&quot; is not a three-letter ISO code. Correct it in Settings.</source>
        <translation>La devise de la boutique « %1 » n&apos;est pas un code ISO à trois lettres. Corrigez-la dans les Paramètres.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The price of %1 is not in %2, the shop&apos;s currency. Remove the item and add it again.</source>
        <translation>Le prix de %1 n&apos;est pas en %2, la devise de la boutique. Retirez l&apos;article et ajoutez-le à nouveau.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The price of %1 is negative. Enter a price of zero or more.</source>
        <translation>Le prix de %1 est négatif. Saisissez un prix de zéro ou plus.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The quantity of %1 must be at least 1.</source>
        <translation>La quantité de %1 doit être d&apos;au moins 1.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>the whole sale</source>
        <translation>l&apos;ensemble de la vente</translation>
    </message>
</context>
<context>
    <name>ProductCountText</name>
    <message>
        <location filename="../ui/catalog/ProductCountText.cpp" line="+11"/>
        <source>1 product</source>
        <translation>1 produit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 products</source>
        <translation>%1 produits</translation>
    </message>
</context>
<context>
    <name>ProductEditCommands</name>
    <message>
        <location filename="../ui/catalog/ProductEditCommands.cpp" line="+51"/>
        <source>edit %1 of variant %2</source>
        <translation>modifier %1 de la variante %2</translation>
    </message>
</context>
<context>
    <name>ProductExport</name>
    <message>
        <location filename="../services/catalog/ProductExport.cpp" line="+199"/>
        <source>The file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Impossible d&apos;écrire le fichier %1. Choisissez un dossier dans lequel vous avez le droit d&apos;écrire.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+117"/>
        <source>Writing %1 failed: %2 Nothing was exported; check the disk and try again.</source>
        <translation>L&apos;écriture de %1 a échoué : %2 Rien n&apos;a été exporté ; vérifiez le disque et réessayez.</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>The export was cancelled; no file was written.</source>
        <translation>L&apos;export a été annulé ; aucun fichier n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>%1 images were stored without a web address and are not in the file: a CSV file can only name a picture by its address.</source>
        <translation>%1 images ont été enregistrées sans adresse web et ne figurent pas dans le fichier : un fichier CSV ne peut désigner une image que par son adresse.</translation>
    </message>
</context>
<context>
    <name>ProductImageService</name>
    <message>
        <location filename="../services/catalog/ProductImageService.cpp" line="+34"/>
        <source>The product no longer exists (number %1), or it belongs to another vendor. Refresh the list.</source>
        <translation>Le produit n&apos;existe plus (numéro %1) ou appartient à un autre fournisseur. Actualisez la liste.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The picture no longer exists (number %1). Reopen the product.</source>
        <translation>L&apos;image n&apos;existe plus (numéro %1). Rouvrez le produit.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Someone else changed the pictures of this product after you opened it. Reopen the product to see their changes, then make yours again.</source>
        <translation>Quelqu&apos;un d&apos;autre a modifié les images de ce produit après que vous l&apos;avez ouvert. Rouvrez le produit pour voir ses modifications, puis refaites les vôtres.</translation>
    </message>
    <message>
        <location line="+145"/>
        <location line="+151"/>
        <source>A product may have at most %1 pictures. Remove one before adding another.</source>
        <translation>Un produit ne peut pas avoir plus de %1 images. Retirez-en une avant d&apos;en ajouter une autre.</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>Choose a picture file (PNG, JPEG, WebP or GIF).</source>
        <translation>Choisissez un fichier image (PNG, JPEG, WebP ou GIF).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The picture is too large (%1 MB). Pictures may have at most %2 MB; save it smaller and add it again.</source>
        <translation>L&apos;image est trop volumineuse (%1 Mo). Les images ne peuvent pas dépasser %2 Mo ; enregistrez-la en plus petit et ajoutez-la à nouveau.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file is not a picture Storekeeper can store. Use a PNG, JPEG, WebP or GIF file.</source>
        <translation>Le fichier n&apos;est pas une image que Storekeeper peut enregistrer. Utilisez un fichier PNG, JPEG, WebP ou GIF.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The picture is marked as %1 but its content is %2. Save it again as a PNG, JPEG, WebP or GIF file and add it again.</source>
        <translation>L&apos;image est déclarée comme %1, mais son contenu est %2. Enregistrez-la à nouveau au format PNG, JPEG, WebP ou GIF et ajoutez-la à nouveau.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pictures of type %1 cannot be stored. Use a PNG, JPEG, WebP or GIF file.</source>
        <translation>Les images de type %1 ne peuvent pas être enregistrées. Utilisez un fichier PNG, JPEG, WebP ou GIF.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The preview of the picture is too large. Add the picture again.</source>
        <translation>L&apos;aperçu de l&apos;image est trop volumineux. Ajoutez à nouveau l&apos;image.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The preview of the picture is not a picture. Add the picture again.</source>
        <translation>L&apos;aperçu de l&apos;image n&apos;est pas une image. Ajoutez à nouveau l&apos;image.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+70"/>
        <location line="+184"/>
        <source>A picture&apos;s description may have at most %1 characters (this one has %2).</source>
        <translation>La description d&apos;une image ne peut pas dépasser %1 caractères (celle-ci en a %2).</translation>
    </message>
    <message>
        <location line="-249"/>
        <source>A picture&apos;s web address may have at most %1 characters.</source>
        <translation>L&apos;adresse web d&apos;une image ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The same picture is listed twice. Reopen the product.</source>
        <translation>La même image figure deux fois. Rouvrez le produit.</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>The preview of the picture is not a small picture. Add the picture again.</source>
        <translation>L&apos;aperçu de l&apos;image n&apos;est pas une petite image. Ajoutez à nouveau l&apos;image.</translation>
    </message>
</context>
<context>
    <name>ProductImages</name>
    <message>
        <location filename="../models/ProductImages.cpp" line="+17"/>
        <source>%1 is too large: pictures may have at most %2 MB. Save it smaller and add it again.</source>
        <translation>%1 est trop volumineux : les images ne peuvent pas dépasser %2 Mo. Enregistrez l&apos;image en plus petit et ajoutez-la à nouveau.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Storekeeper cannot read %1. Check that the file exists and that you may open it.</source>
        <translation>Storekeeper ne peut pas lire %1. Vérifiez que le fichier existe et que vous avez le droit de l&apos;ouvrir.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The picture cannot be read; the file may be damaged. Save it again and add it again.</source>
        <translation>L&apos;image ne peut pas être lue ; le fichier est peut-être endommagé. Enregistrez-la à nouveau et ajoutez-la à nouveau.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Pictures (*.png *.jpg *.jpeg *.webp *.gif)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.gif)</translation>
    </message>
</context>
<context>
    <name>ProductImport</name>
    <message>
        <location filename="../services/catalog/ProductImport.cpp" line="+177"/>
        <source>The file %1 cannot be read. Check the name and that you may read it.</source>
        <translation>Impossible de lire le fichier %1. Vérifiez le nom et que vous avez le droit de le lire.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The report file %1 cannot be written. Choose a folder you may write to.</source>
        <translation>Impossible d&apos;écrire le fichier de rapport %1. Choisissez un dossier dans lequel vous avez le droit d&apos;écrire.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The file&apos;s first line does not name the columns of a product file (such as &quot;handle&quot;, &quot;name&quot;, &quot;sku&quot;, &quot;price&quot; or Shopify&apos;s &quot;Handle&quot;, &quot;Title&quot;, &quot;Variant SKU&quot;). Check the file, or say which format it is with --format.</source>
        <translation>La première ligne du fichier ne nomme pas les colonnes d&apos;un fichier de produits (comme &quot;handle&quot;, &quot;name&quot;, &quot;sku&quot;, &quot;price&quot; ou, pour Shopify, &quot;Handle&quot;, &quot;Title&quot;, &quot;Variant SKU&quot;). Vérifiez le fichier ou indiquez son format avec --format.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The file has no column &quot;%1&quot;, which a product file in the %2 format needs. Add it, or check that the format is right.</source>
        <translation>Le fichier n&apos;a pas de colonne « %1 », nécessaire à un fichier de produits au format %2. Ajoutez-la ou vérifiez que le format est le bon.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>These columns are not part of the %1 format and were ignored: %2.</source>
        <translation>Ces colonnes ne font pas partie du format %1 et ont été ignorées : %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The column &quot;%1&quot; was ignored: an import does not change stock. Receive the goods or count them on the Inventory page.</source>
        <translation>La colonne « %1 » a été ignorée : une importation ne modifie pas le stock. Enregistrez une réception ou comptez le stock sur la page Stock.</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>L&apos;import a été annulé ; rien n&apos;a été importé.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The file could not be read past line %1, where this product&apos;s rows may go on.</source>
        <translation>Le fichier n&apos;a pas pu être lu au-delà de la ligne %1, où les lignes de ce produit pourraient continuer.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>A product may have at most %1 rows; this one has more. Split it into several products.</source>
        <translation>Un produit ne peut pas avoir plus de %1 lignes ; celui-ci en a davantage. Répartissez-le en plusieurs produits.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Not imported because line %1 of the same product was rejected.</source>
        <translation>Non importé, car la ligne %1 du même produit a été rejetée.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The handle &quot;%1&quot; needs at least one letter or digit.</source>
        <translation>Le handle « %1 » doit contenir au moins une lettre ou un chiffre.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The rows of the handle &quot;%1&quot; must follow each other, but it already appeared on line %2. Move its rows together.</source>
        <translation>Les lignes du handle « %1 » doivent se suivre, mais il figurait déjà à la ligne %2. Regroupez ses lignes.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter the product&apos;s handle in the column &quot;%1&quot;.</source>
        <translation>Saisissez le handle du produit dans la colonne « %1 ».</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter the product&apos;s name in the column &quot;%1&quot; of its first row.</source>
        <translation>Saisissez le nom du produit dans la colonne « %1 » de sa première ligne.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The column &quot;%1&quot; differs from line %2 of the same product. Leave it empty on later rows or repeat it exactly.</source>
        <translation>La colonne « %1 » diffère de la ligne %2 du même produit. Laissez-la vide sur les lignes suivantes ou répétez-la à l&apos;identique.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The status &quot;%1&quot; is not one of active, inactive, out_of_stock or discontinued.</source>
        <translation>Le statut « %1 » ne fait pas partie de active, inactive, out_of_stock ou discontinued.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The status &quot;%1&quot; is not one of Shopify&apos;s active, draft or archived.</source>
        <translation>Le statut « %1 » ne fait pas partie des statuts Shopify active, draft ou archived.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The column &quot;%1&quot; must be TRUE or FALSE, not &quot;%2&quot;.</source>
        <translation>La colonne « %1 » doit valoir TRUE ou FALSE, pas « %2 ».</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The column &quot;%1&quot; must hold a JSON object such as {&quot;material&quot;: &quot;linen&quot;}.</source>
        <translation>La colonne « %1 » doit contenir un objet JSON, comme {&quot;material&quot;: &quot;linen&quot;}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This row has neither a variant (a SKU and a price) nor an image. Fill it in or remove it.</source>
        <translation>Cette ligne n&apos;a ni variante (un SKU et un prix) ni image. Complétez-la ou supprimez-la.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The SKU &quot;%1&quot; is also on line %2. Give each variant its own SKU.</source>
        <translation>Le SKU « %1 » figure aussi à la ligne %2. Donnez à chaque variante son propre SKU.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The barcode %1 is also on line %2. Each variant needs its own.</source>
        <translation>Le code-barres %1 figure aussi à la ligne %2. Chaque variante doit avoir le sien.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The option name &quot;%1&quot; differs from &quot;%2&quot; on line %3. Every variant of a product has the same options.</source>
        <translation>Le nom d&apos;option « %1 » diffère de « %2 » à la ligne %3. Toutes les variantes d&apos;un produit ont les mêmes options.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The option value &quot;%1&quot; has no name. Name the option (such as Size) in the column &quot;%2&quot; of the product&apos;s first row.</source>
        <translation>La valeur d&apos;option « %1 » n&apos;a pas de nom. Nommez l&apos;option (comme Taille) dans la colonne « %2 » de la première ligne du produit.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a value for the option &quot;%1&quot; in the column &quot;%2&quot;.</source>
        <translation>Saisissez une valeur pour l&apos;option « %1 » dans la colonne « %2 ».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Line %1 is already a variant of this product without options. A product with several variants needs options (such as size) that tell them apart.</source>
        <translation>La ligne %1 est déjà une variante de ce produit sans options. Un produit à plusieurs variantes a besoin d&apos;options (comme la taille) qui les distinguent.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line %1 already has these options. Each combination of options may appear only once.</source>
        <translation>La ligne %1 a déjà ces options. Chaque combinaison d&apos;options ne peut apparaître qu&apos;une fois.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the variant&apos;s price in the column &quot;%1&quot;.</source>
        <translation>Saisissez le prix de la variante dans la colonne « %1 ».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The %1 &quot;%2&quot; is not an amount in %3. Enter it like 19.99.</source>
        <translation>Le %1 « %2 » n&apos;est pas un montant en %3. Saisissez-le sous la forme 19.99.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 cannot be negative.</source>
        <translation>Le %1 ne peut pas être négatif.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The weight &quot;%1&quot; in the column &quot;%2&quot; must be a whole number of grams, 0 or more.</source>
        <translation>Le poids « %1 » de la colonne « %2 » doit être un nombre entier de grammes, 0 ou plus.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The column &quot;%1&quot; must be true or false, not &quot;%2&quot;.</source>
        <translation>La colonne « %1 » doit valoir true ou false, pas « %2 ».</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The product &quot;%1&quot; has no variant: give at least one of its rows a SKU and a price.</source>
        <translation>Le produit « %1 » n&apos;a aucune variante : donnez un SKU et un prix à au moins une de ses lignes.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The image position &quot;%1&quot; must be a whole number from 1.</source>
        <translation>La position d&apos;image « %1 » doit être un nombre entier à partir de 1.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The image %1 cannot be read. Give a web address (https://...) or the path of a picture file (relative to the CSV file&apos;s folder).</source>
        <translation>Impossible de lire l&apos;image %1. Indiquez une adresse web (https://...) ou le chemin d&apos;un fichier image (relatif au dossier du fichier CSV).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The image %1 is larger than %2 MB. Use a smaller picture.</source>
        <translation>L&apos;image %1 dépasse %2 Mo. Utilisez une image plus petite.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The image %1 is not a PNG, JPEG, GIF or WebP picture.</source>
        <translation>L&apos;image %1 n&apos;est pas une image PNG, JPEG, GIF ou WebP.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The SKU &quot;%1&quot; already belongs to another product (as &quot;%2&quot;; SKUs ignore upper and lower case). Choose another SKU, or import it under that product&apos;s handle.</source>
        <translation>Le SKU « %1 » appartient déjà à un autre produit (sous la forme « %2 » ; les SKU ne distinguent pas majuscules et minuscules). Choisissez un autre SKU ou importez-le sous le handle de ce produit.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The barcode %1 is already used by another product. Check the number.</source>
        <translation>Le code-barres %1 est déjà utilisé par un autre produit. Vérifiez le numéro.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This product&apos;s handle or SKUs belong to a product you may not change. Vendors import only their own products; choose another handle and SKUs.</source>
        <translation>Le handle ou les SKU de ce produit appartiennent à un produit que vous n&apos;avez pas le droit de modifier. Les fournisseurs n&apos;importent que leurs propres produits ; choisissez un autre handle et d&apos;autres SKU.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The vendor &quot;%1&quot; is not yours. Vendors import only their own products; leave the column empty or enter &quot;%2&quot;.</source>
        <translation>Le fournisseur « %1 » n&apos;est pas le vôtre. Les fournisseurs n&apos;importent que leurs propres produits ; laissez la colonne vide ou saisissez « %2 ».</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The category &quot;%1&quot; has an empty level. Write it like Clothing &gt; Men &gt; Shirts.</source>
        <translation>La catégorie « %1 » a un niveau vide. Écrivez-la sous la forme Vêtements &gt; Hommes &gt; Chemises.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The category &quot;%1&quot; does not exist. Ask an administrator to create it, or leave the column empty.</source>
        <translation>La catégorie « %1 » n&apos;existe pas. Demandez à un administrateur de la créer ou laissez la colonne vide.</translation>
    </message>
</context>
<context>
    <name>ProductService</name>
    <message>
        <location filename="../services/catalog/CatalogScope.cpp" line="+27"/>
        <source>Your account is not linked to a vendor. Ask an administrator to link it.</source>
        <translation>Votre compte n&apos;est lié à aucun fournisseur. Demandez à un administrateur de le lier.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductService.cpp" line="+47"/>
        <source>The product no longer exists (number %1), or it belongs to another vendor. Refresh the list.</source>
        <translation>Le produit n&apos;existe plus (numéro %1) ou appartient à un autre fournisseur. Actualisez la liste.</translation>
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
        <translation>%1&#xa0;: le %2 «&#xa0;%3&#xa0;» n&apos;est pas un montant. Saisissez-le sous la forme 19.99.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the %2 cannot be negative.</source>
        <translation>%1&#xa0;: le %2 ne peut pas être négatif.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter a name for the product.</source>
        <translation>Saisissez un nom pour le produit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A product name may have at most %1 characters (this one has %2).</source>
        <translation>Un nom de produit ne peut pas dépasser %1 caractères (celui-ci en a %2).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The web name &quot;%1&quot; may contain only lower-case letters, digits and single hyphens, for example &quot;%2&quot;.</source>
        <translation>Le nom web «&#xa0;%1&#xa0;» ne peut contenir que des lettres minuscules, des chiffres et des traits d&apos;union isolés, par exemple «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A product needs at least one variant with a SKU and a price.</source>
        <translation>Un produit doit avoir au moins une variante avec un SKU et un prix.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A product with several variants needs options (such as size or colour) that tell them apart.</source>
        <translation>Un produit à plusieurs variantes a besoin d&apos;options (comme la taille ou la couleur) qui les distinguent.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The SKU &quot;%1&quot; is used by two variants of this product. Give each variant its own SKU.</source>
        <translation>Le SKU «&#xa0;%1&#xa0;» est utilisé par deux variantes de ce produit. Donnez à chaque variante son propre SKU.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The barcode %1 is used by two variants of this product. Each variant needs its own.</source>
        <translation>Le code-barres %1 est utilisé par deux variantes de ce produit. Chaque variante doit avoir le sien.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: every option needs a name and a text value, such as size L.</source>
        <translation>%1&#xa0;: chaque option doit avoir un nom et une valeur texte, comme taille L.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: every variant must have the same options (%2).</source>
        <translation>%1&#xa0;: toutes les variantes doivent avoir les mêmes options (%2).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Two variants have the same options (%1). Each combination may appear only once.</source>
        <translation>Deux variantes ont les mêmes options (%1). Chaque combinaison ne peut apparaître qu&apos;une fois.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: enter a price.</source>
        <translation>%1&#xa0;: saisissez un prix.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>price</source>
        <translation>prix</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>compare-at price</source>
        <translation>prix avant réduction</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cost</source>
        <translation>coût</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: the weight cannot be negative.</source>
        <translation>%1&#xa0;: le poids ne peut pas être négatif.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+743"/>
        <source>The chosen category does not exist (number %1). Choose another one.</source>
        <translation>La catégorie choisie n&apos;existe pas (numéro %1). Choisissez-en une autre.</translation>
    </message>
    <message>
        <location line="-734"/>
        <source>The chosen vendor does not exist (number %1).</source>
        <translation>Le fournisseur choisi n&apos;existe pas (numéro %1).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The SKU &quot;%1&quot; is already used by another product (as &quot;%2&quot;; SKUs ignore upper and lower case). Choose another SKU.</source>
        <translation>Le SKU «&#xa0;%1&#xa0;» est déjà utilisé par un autre produit (sous la forme «&#xa0;%2&#xa0;» ; les SKU ne distinguent pas majuscules et minuscules). Choisissez un autre SKU.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The barcode %1 is already used by another product. Check the number.</source>
        <translation>Le code-barres %1 est déjà utilisé par un autre produit. Vérifiez le numéro.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductImportWriter.cpp" line="-19"/>
        <location filename="../services/catalog/ProductService.cpp" line="+20"/>
        <source>Too many products share the web name &quot;%1&quot;. Enter a distinct web name.</source>
        <translation>Trop de produits partagent le nom web «&#xa0;%1&#xa0;». Saisissez un nom web distinct.</translation>
    </message>
    <message>
        <location filename="../services/catalog/ProductService.cpp" line="+136"/>
        <source>Vendors may manage only their own products.</source>
        <translation>Les fournisseurs ne peuvent gérer que leurs propres produits.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 (SKU %2) has stock movements and cannot be removed. Set the variant inactive or discontinue the product instead.</source>
        <translation>%1 (SKU %2) a des mouvements de stock et ne peut pas être supprimé. Désactivez plutôt la variante ou arrêtez le produit.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>A new product cannot take over variants of another product.</source>
        <translation>Un nouveau produit ne peut pas reprendre les variantes d&apos;un autre produit.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>enter a SKU.</source>
        <translation>saisissez un SKU.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a SKU may have at most %1 characters.</source>
        <translation>un SKU ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the SKU &quot;%1&quot; may contain only letters A-Z, digits and punctuation, without spaces.</source>
        <translation>le SKU «&#xa0;%1&#xa0;» ne peut contenir que des lettres A-Z, des chiffres et des signes de ponctuation, sans espaces.</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>Someone else changed &quot;%1&quot; after you opened it. Reopen the product to see their changes, then make yours again.</source>
        <translation>Quelqu&apos;un d&apos;autre a modifié «&#xa0;%1&#xa0;» après que vous l&apos;avez ouvert. Rouvrez le produit pour voir ses modifications, puis refaites les vôtres.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The variant %1 does not belong to this product. Reopen the product.</source>
        <translation>La variante %1 n&apos;appartient pas à ce produit. Rouvrez le produit.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Another product already has the web name &quot;%1&quot;. Choose another one.</source>
        <translation>Un autre produit a déjà le nom web «&#xa0;%1&#xa0;». Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Select at least one product.</source>
        <translation>Sélectionnez au moins un produit.</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n of the selected products no longer exist or belong to another vendor. Nothing was changed; refresh the list and select again.</source>
        <translation>
            <numerusform>%n des produits sélectionnés n&apos;existe plus ou appartient à un autre fournisseur. Rien n&apos;a été modifié ; actualisez la liste et sélectionnez de nouveau.</numerusform>
            <numerusform>%n des produits sélectionnés n&apos;existent plus ou appartiennent à un autre fournisseur. Rien n&apos;a été modifié ; actualisez la liste et sélectionnez de nouveau.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>A price cannot be lowered by more than 100 %.</source>
        <translation>Un prix ne peut pas être baissé de plus de 100 %.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&quot;%1&quot; is not an amount. Enter it like 5.00 or -5.00.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un montant. Saisissez-le sous la forme 5.00 ou -5.00.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The new price of %1 is too large.</source>
        <translation>Le nouveau prix de %1 est trop élevé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This change would take the price of %1 below zero (%2 %3 %4). Nothing was changed; choose a smaller amount or fewer products.</source>
        <translation>Cette modification ferait passer le prix de %1 sous zéro (%2 %3 %4). Rien n&apos;a été modifié ; choisissez un montant plus petit ou moins de produits.</translation>
    </message>
</context>
<context>
    <name>ProductStatus</name>
    <message>
        <location filename="../services/catalog/ProductStatus.cpp" line="+32"/>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inactive</source>
        <translation>Inactif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of stock</source>
        <translation>En rupture de stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discontinued</source>
        <translation>Arrêté</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../services/receipts/ReceiptData.cpp" line="+34"/>
        <source>REFUND</source>
        <translation>REMBOURSEMENT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RECEIPT</source>
        <translation>TICKET DE CAISSE</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>REPRINT</source>
        <translation>RÉIMPRESSION</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receipt</source>
        <translation>Ticket de caisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="+81"/>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>Sous-total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="+5"/>
        <source>Discounts</source>
        <translation>Remises</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="-1"/>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on</source>
        <translation>sur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REFUNDED</source>
        <translation>REMBOURSÉ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TOTAL</source>
        <translation>TOTAL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Rendu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tendered</source>
        <translation>Montant remis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../services/receipts/ShiftReportReceipt.cpp" line="-40"/>
        <source>Z REPORT</source>
        <translation>RAPPORT Z</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>X REPORT</source>
        <translation>RAPPORT X</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Opened</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refunds</source>
        <translation>Remboursements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded tax</source>
        <translation>Taxe remboursée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>Encaissé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening float</source>
        <translation>Fond de caisse initial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash in</source>
        <translation>Entrées d&apos;espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash out</source>
        <translation>Sorties d&apos;espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected cash</source>
        <translation>Espèces attendues</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counted cash</source>
        <translation>Espèces comptées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
</context>
<context>
    <name>ReceiptOutput</name>
    <message>
        <location filename="../ui/register/ReceiptOutput.cpp" line="+81"/>
        <source>Print receipt</source>
        <translation>Imprimer le ticket</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The receipt&apos;s page size is not supported.</source>
        <translation>Le format de page du ticket n&apos;est pas pris en charge.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The PDF could not be written to %1. Choose a folder you may write to.</source>
        <translation>Le PDF n&apos;a pas pu être écrit dans %1. Choisissez un dossier dans lequel vous pouvez écrire.</translation>
    </message>
</context>
<context>
    <name>ReceiptService</name>
    <message>
        <location filename="../services/receipts/ReceiptService.cpp" line="+28"/>
        <source>This sale or refund does not exist. Check the receipt number and try again.</source>
        <translation>Cette vente ou ce remboursement n&apos;existe pas. Vérifiez le numéro de ticket et réessayez.</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>A refund receipt shows the refunds of one sale only.</source>
        <translation>Un ticket de remboursement n&apos;affiche que les remboursements d&apos;une seule vente.</translation>
    </message>
</context>
<context>
    <name>ReceiptSettingsStore</name>
    <message>
        <location filename="../services/receipts/ReceiptSettingsStore.cpp" line="+52"/>
        <source>Enter the receipt printer&apos;s IP address (for example 192.168.1.50) or host name.</source>
        <translation>Saisissez l&apos;adresse IP (par exemple 192.168.1.50) ou le nom d&apos;hôte de l&apos;imprimante de tickets.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer&apos;s port must be between 1 and 65535; receipt printers use 9100.</source>
        <translation>Le port de l&apos;imprimante doit être compris entre 1 et 65535 ; les imprimantes de tickets utilisent 9100.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The paper width must be between 24 and 80 characters: 32 for 58 mm paper, 42 or 48 for 80 mm.</source>
        <translation>La largeur du papier doit être comprise entre 24 et 80 caractères : 32 pour du papier de 58 mm, 42 ou 48 pour du 80 mm.</translation>
    </message>
</context>
<context>
    <name>ReceiptTemplate</name>
    <message>
        <location filename="../services/receipts/ReceiptTemplate.cpp" line="+244"/>
        <source>The receipt template %1 cannot be read. Check that the file exists.</source>
        <translation>Le modèle de ticket %1 ne peut pas être lu. Vérifiez que le fichier existe.</translation>
    </message>
</context>
<context>
    <name>Recommendations</name>
    <message>
        <location filename="../services/recommendations/Recommendations.cpp" line="+36"/>
        <source>Ask for 1 to %1 suggestions.</source>
        <translation>Demandez entre 1 et %1 suggestions.</translation>
    </message>
</context>
<context>
    <name>RegisterDirectory</name>
    <message>
        <location filename="../services/sales/RegisterDirectory.cpp" line="+61"/>
        <source>Give the register a short code of up to 8 letters, digits or dashes, such as R2.</source>
        <translation>Donnez à la caisse un code court de 8 lettres, chiffres ou tirets au maximum, comme R2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the register a name of at most %1 characters, such as Register 2.</source>
        <translation>Donnez à la caisse un nom de %1 caractères au maximum, comme Caisse 2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Location %1 does not exist. Choose where the register sells from.</source>
        <translation>L&apos;emplacement %1 n&apos;existe pas. Choisissez l&apos;emplacement depuis lequel la caisse vend.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A register with the code %1 exists already. Choose another code.</source>
        <translation>Une caisse avec le code %1 existe déjà. Choisissez un autre code.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The new register could not be read back. Try again.</source>
        <translation>La nouvelle caisse n&apos;a pas pu être relue. Réessayez.</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <location filename="../app/ReportCommand.cpp" line="+69"/>
        <source>Usage: storekeeper report sales --from DATE --to DATE [--group-by GROUPING] [--format csv|json] [--as EMAIL]</source>
        <translation>Usage : storekeeper report sales --from DATE --to DATE [--group-by REGROUPEMENT] [--format csv|json] [--as E-MAIL]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>       storekeeper report rebuild</source>
        <translation>       storekeeper report rebuild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &quot;storekeeper report sales --help&quot; to see its options.</source>
        <translation>Exécutez « storekeeper report sales --help » pour voir ses options.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>storekeeper report: say which report, for example: storekeeper report sales --from 2026-11-01 --to 2026-11-30</source>
        <translation>storekeeper report : indiquez le rapport, par exemple : storekeeper report sales --from 2026-11-01 --to 2026-11-30</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>storekeeper report: there is no report &quot;%1&quot;. Use &quot;sales&quot; or &quot;rebuild&quot;.</source>
        <translation>storekeeper report : il n&apos;existe pas de rapport « %1 ». Utilisez « sales » ou « rebuild ».</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No account has the e-mail address %1. Check the address.</source>
        <translation>Aucun compte n&apos;a l&apos;adresse e-mail %1. Vérifiez l&apos;adresse.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not an active staff account, so it sees no reports. Use an administrator&apos;s or a vendor&apos;s address.</source>
        <translation>%1 n&apos;est pas un compte actif du personnel et ne voit donc aucun rapport. Utilisez l&apos;adresse d&apos;un administrateur ou d&apos;un fournisseur.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Prints the sales of a range of business days, both days included, grouped by day, week, month, category, vendor, clerk, tender, channel or product, with a totals row: the same figures as the Reports page. Amounts are in the shop&apos;s currency.</source>
        <translation>Affiche les ventes d&apos;une période de jours ouvrés, bornes incluses, regroupées par jour, semaine, mois, catégorie, fournisseur, caissier, moyen de paiement, canal ou produit, avec une ligne de totaux : les mêmes chiffres que la page Rapports. Les montants sont dans la devise de la boutique.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first day, YYYY-MM-DD.</source>
        <translation>Le premier jour, AAAA-MM-JJ.</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>DATE</source>
        <translation>DATE</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The last day, YYYY-MM-DD.</source>
        <translation>Le dernier jour, AAAA-MM-JJ.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>day (default), week, month, category, vendor, clerk, tender, channel or product.</source>
        <translation>day (par défaut), week, month, category, vendor, clerk, tender, channel ou product.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GROUPING</source>
        <translation>REGROUPEMENT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>csv (default) or json.</source>
        <translation>csv (par défaut) ou json.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show what this staff account may see (a vendor: their own products). Default: the whole shop.</source>
        <translation>Affiche ce que ce compte du personnel peut voir (un fournisseur : ses propres produits). Par défaut : toute la boutique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EMAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give the range with --from DATE and --to DATE, for example --from 2026-11-01 --to 2026-11-30.</source>
        <translation>Indiquez la période avec --from DATE et --to DATE, par exemple --from 2026-11-01 --to 2026-11-30.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--from must be a date such as 2026-11-01.</source>
        <translation>--from doit être une date comme 2026-11-01.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--to must be a date such as 2026-11-30.</source>
        <translation>--to doit être une date comme 2026-11-30.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--group-by must be day, week, month, category, vendor, clerk, tender, channel or product.</source>
        <translation>--group-by doit valoir day, week, month, category, vendor, clerk, tender, channel ou product.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--format must be csv or json.</source>
        <translation>--format doit valoir csv ou json.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This database has no report summaries yet. Run &quot;storekeeper report rebuild&quot; once to add them.</source>
        <translation>Cette base de données n&apos;a pas encore de synthèses de rapport. Exécutez une fois « storekeeper report rebuild » pour les ajouter.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Fills the report summaries again from the orders, their lines, payments and refunds: after loading orders in bulk, or when &quot;storekeeper check&quot; found a summary that differs from the orders. Registers may keep selling meanwhile.</source>
        <translation>Remplit de nouveau les synthèses de rapport à partir des commandes, de leurs lignes, paiements et remboursements : après un chargement de commandes en masse, ou quand « storekeeper check » a trouvé une synthèse qui diffère des commandes. Les caisses peuvent continuer à vendre pendant ce temps.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Report summaries rebuilt from %1 orders.</source>
        <translation>Synthèses de rapport reconstruites à partir de %1 commandes.</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../ui/reports/ReportExport.cpp" line="+20"/>
        <source>Could not write %1: %2. Choose another folder or file name.</source>
        <translation>Impossible d&apos;écrire %1 : %2. Choisissez un autre dossier ou nom de fichier.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>the PDF could not be drawn</source>
        <translation>le PDF n&apos;a pas pu être dessiné</translation>
    </message>
</context>
<context>
    <name>ReportGrouping</name>
    <message>
        <location filename="../services/reports/ReportTypes.cpp" line="+46"/>
        <source>By day</source>
        <translation>Par jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By week</source>
        <translation>Par semaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By month</source>
        <translation>Par mois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By category</source>
        <translation>Par catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By vendor</source>
        <translation>Par fournisseur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By clerk</source>
        <translation>Par caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By tender</source>
        <translation>Par moyen de paiement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By channel</source>
        <translation>Par canal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By product</source>
        <translation>Par produit</translation>
    </message>
</context>
<context>
    <name>ReportIntegrity</name>
    <message>
        <location filename="../services/maintenance/ReportIntegrity.cpp" line="+58"/>
        <source>The report summary %1 has no row for %2, but the orders have sales or refunds there. Run storekeeper report rebuild.</source>
        <translation>La synthèse de rapport %1 n&apos;a pas de ligne pour %2, mais les commandes y ont des ventes ou des remboursements. Exécutez « storekeeper report rebuild ».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The report summary %1 row %2 holds %3 = %4, but the orders make %5. Run storekeeper report rebuild.</source>
        <translation>La synthèse de rapport %1, ligne %2, contient %3 = %4, mais les commandes donnent %5. Exécutez « storekeeper report rebuild ».</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The report summary %1 row %2 counts sales or refunds that no order holds. Run storekeeper report rebuild.</source>
        <translation>La synthèse de rapport %1, ligne %2, compte des ventes ou des remboursements qu&apos;aucune commande ne contient. Exécutez « storekeeper report rebuild ».</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Every report summary row equals what the orders and refunds add up to (%1 rows).</source>
        <translation>Chaque ligne des synthèses de rapport correspond au total des commandes et remboursements (%1 lignes).</translation>
    </message>
</context>
<context>
    <name>ReportService</name>
    <message>
        <location filename="../services/reports/ReportService.cpp" line="+45"/>
        <source>Your account belongs to no vendor, so it has no figures of its own. Ask an administrator.</source>
        <translation>Votre compte n&apos;appartient à aucun fournisseur et n&apos;a donc pas de chiffres propres. Demandez à un administrateur.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Give both the first and the last day of the report as dates (YYYY-MM-DD).</source>
        <translation>Indiquez le premier et le dernier jour du rapport sous forme de dates (AAAA-MM-JJ).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The report starts on %1, after its last day %2. Swap the dates.</source>
        <translation>Le rapport commence le %1, après son dernier jour, le %2. Inversez les dates.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A report covers at most %1 days; %2 to %3 is %4 days. Choose a shorter range.</source>
        <translation>Un rapport couvre au plus %1 jours ; du %2 au %3, cela fait %4 jours. Choisissez une période plus courte.</translation>
    </message>
    <message>
        <location line="+212"/>
        <source>In store</source>
        <translation>En magasin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Week %1 of %2 (from %3)</source>
        <translation>Semaine %1 de %2 (à partir du %3)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Vendors see the figures of their own products by day, week, month, category or product. Choose one of these.</source>
        <translation>Les fournisseurs voient les chiffres de leurs propres produits par jour, semaine, mois, catégorie ou produit. Choisissez l&apos;un de ces regroupements.</translation>
    </message>
    <message>
        <location line="+95"/>
        <location line="+159"/>
        <source>No category</source>
        <translation>Sans catégorie</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>Category %1</source>
        <translation>Catégorie %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The shop&apos;s own products</source>
        <translation>Produits propres de la boutique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vendor %1</source>
        <translation>Fournisseur %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Product %1 (deleted)</source>
        <translation>Produit %1 (supprimé)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Online or completed by Storekeeper</source>
        <translation>En ligne ou finalisé par Storekeeper</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User %1</source>
        <translation>Utilisateur %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+92"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Ask for between 1 and %1 top products.</source>
        <translation>Demandez entre 1 et %1 meilleurs produits.</translation>
    </message>
</context>
<context>
    <name>ReportTableBuilder</name>
    <message>
        <location filename="../ui/reports/ReportTableBuilder.cpp" line="+60"/>
        <source>%1 to %2</source>
        <translation>%1 à %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weeks of %1, by their first day</source>
        <translation>Semaines de %1, désignées par leur premier jour</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weeks, by their first day</source>
        <translation>Semaines, désignées par leur premier jour</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+127"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="-125"/>
        <location line="+154"/>
        <source>Vendor</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tender</source>
        <translation>Moyen de paiement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+146"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+97"/>
        <source>Units</source>
        <translation>Unités</translation>
    </message>
    <message>
        <location line="-97"/>
        <location line="+10"/>
        <location line="+4"/>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+13"/>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+9"/>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+4"/>
        <location line="+63"/>
        <location line="+42"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+4"/>
        <location line="+15"/>
        <source>Refunds</source>
        <translation>Remboursements</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+5"/>
        <source>Net after refunds</source>
        <translation>Net après remboursements</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Net (%1)</source>
        <translation>Net (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refunded units</source>
        <translation>Unités remboursées</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+5"/>
        <source>Refund tax</source>
        <translation>Taxe remboursée</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Refunds (%1)</source>
        <translation>Remboursements (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tax after refunds</source>
        <translation>Taxe après remboursements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax (%1)</source>
        <translation>Taxe (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Before discounts</source>
        <translation>Avant remises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount (%1)</source>
        <translation>Remise (%1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Taken</source>
        <translation>Encaissé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kept</source>
        <translation>Conservé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken (%1)</source>
        <translation>Encaissé (%1)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Variants</source>
        <translation>Variantes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At cost</source>
        <translation>Au prix de revient</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At selling price</source>
        <translation>Au prix de vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units without cost</source>
        <translation>Unités sans prix de revient</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+8"/>
        <source>No category</source>
        <translation>Sans catégorie</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>At selling price (%1)</source>
        <translation>Au prix de vente (%1)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reorder level</source>
        <translation>Seuil de réapprovisionnement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Suggested order</source>
        <translation>Commande suggérée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Suggested value</source>
        <translation>Valeur suggérée</translation>
    </message>
</context>
<context>
    <name>ReturnService</name>
    <message>
        <location filename="../services/orders/ReturnService.cpp" line="+80"/>
        <source>This order does not exist. Check the receipt number and try again.</source>
        <translation>Cette commande n&apos;existe pas. Vérifiez le numéro de ticket et réessayez.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Scan or type the receipt number, for example R1-000042.</source>
        <translation>Scannez ou saisissez le numéro de ticket, par exemple R1-000042.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No sale has the receipt number %1. Check the number on the receipt and try again.</source>
        <translation>Aucune vente n&apos;a le numéro de ticket %1. Vérifiez le numéro sur le ticket et réessayez.</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>A line to return is not on this receipt. Scan the receipt again and choose its lines.</source>
        <translation>Une ligne à retourner ne figure pas sur ce ticket. Scannez à nouveau le ticket et choisissez ses lignes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is chosen twice. Enter the whole quantity on one line.</source>
        <translation>%1 est choisi deux fois. Saisissez la quantité totale sur une seule ligne.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter a quantity of at least 1 for %1.</source>
        <translation>Saisissez une quantité d&apos;au moins 1 pour %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only %1 of %2 can still be returned on this receipt.</source>
        <translation>Il n&apos;est plus possible de retourner que %1 unité(s) de %2 sur ce ticket.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter why %1 is written off instead of going back on stock.</source>
        <translation>Indiquez pourquoi %1 est mis au rebut au lieu de retourner en stock.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A write-off reason may be at most 500 characters long.</source>
        <translation>Un motif de mise au rebut ne peut pas dépasser 500 caractères.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose at least one line and quantity to return.</source>
        <translation>Choisissez au moins une ligne et une quantité à retourner.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The reason may be at most 500 characters long.</source>
        <translation>Le motif ne peut pas dépasser 500 caractères.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These lines come to %1, but only %2 of this sale is left to refund. Return fewer items.</source>
        <translation>Ces lignes font %1, mais il ne reste que %2 à rembourser sur cette vente. Retournez moins d&apos;articles.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was paid for these lines, so there is nothing to refund.</source>
        <translation>Rien n&apos;a été payé pour ces lignes ; il n&apos;y a donc rien à rembourser.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+219"/>
        <source>Cash is given back from a register&apos;s drawer. Make the return at a register with an open shift.</source>
        <translation>Les espèces sont rendues depuis le tiroir-caisse d&apos;une caisse. Effectuez le retour sur une caisse avec une session ouverte.</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>These items were returned at another register a moment ago. Scan the receipt again.</source>
        <translation>Ces articles viennent d&apos;être retournés sur une autre caisse. Scannez à nouveau le ticket.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This sale was refunded at another register a moment ago. Scan the receipt again.</source>
        <translation>Cette vente vient d&apos;être remboursée sur une autre caisse. Scannez à nouveau le ticket.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This order has an unknown status. Run storekeeper check.</source>
        <translation>Cette commande a un statut inconnu. Exécutez « storekeeper check ».</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>This declined card refund belongs to another shift or was made in the back office, so it cannot be paid from this drawer. Try the card again instead.</source>
        <translation>Ce remboursement par carte refusé appartient à une autre session ou a été effectué depuis la gestion ; il ne peut donc pas être payé depuis ce tiroir-caisse. Réessayez plutôt la carte.</translation>
    </message>
    <message>
        <location line="+140"/>
        <source>The card refund of %1 was declined: %2. The items are taken back; return to this receipt again and choose Cash to give the money in cash, or the original tender to try the card again.</source>
        <translation>Le remboursement par carte de %1 a été refusé : %2. Les articles sont repris ; revenez à ce ticket pour un nouveau retour et choisissez Espèces pour rendre l&apos;argent en espèces, ou le moyen de paiement d&apos;origine pour réessayer la carte.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The card refund of %1 could not reach the payment gateway. It is kept and sent again with the same key: return to this receipt again in a moment, or restart the register.</source>
        <translation>Le remboursement par carte de %1 n&apos;a pas pu joindre la passerelle de paiement. Il est conservé et sera renvoyé avec la même clé : revenez à ce ticket dans un instant ou redémarrez la caisse.</translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <location filename="../services/reviews/ReviewService.cpp" line="+83"/>
        <source>This review no longer exists. Reload the list.</source>
        <translation>Cet avis n&apos;existe plus. Rechargez la liste.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>This product no longer exists. Choose another one.</source>
        <translation>Ce produit n&apos;existe plus. Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>A review is written by a customer. Choose a customer account.</source>
        <translation>Un avis est rédigé par un client. Choisissez un compte client.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This order is not among your orders. Review a product of one of your own orders.</source>
        <translation>Cette commande ne fait pas partie de vos commandes. Évaluez un produit de l&apos;une de vos propres commandes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The order does not belong to that customer. Choose one of the customer&apos;s own orders.</source>
        <translation>La commande n&apos;appartient pas à ce client. Choisissez l&apos;une des commandes du client.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This product has already been reviewed for order %1. There is one review per product, customer and order; change the existing one instead.</source>
        <translation>Ce produit a déjà été évalué pour la commande %1. Il y a un avis par produit, client et commande ; modifiez plutôt l&apos;avis existant.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Choose a rating from 1 to 5 stars.</source>
        <translation>Choisissez une note de 1 à 5 étoiles.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>A rating is 1 to 5 stars; %1 is not. Choose from 1 to 5.</source>
        <translation>Une note va de 1 à 5 étoiles ; %1 n&apos;en fait pas partie. Choisissez entre 1 et 5.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The title has %1 characters; shorten it to at most %2.</source>
        <translation>Le titre compte %1 caractères ; raccourcissez-le à %2 au maximum.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The review has %1 characters; shorten it to at most %2.</source>
        <translation>L&apos;avis compte %1 caractères ; raccourcissez-le à %2 au maximum.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A review is about a product of an order. Choose both.</source>
        <translation>Un avis porte sur un produit d&apos;une commande. Choisissez les deux.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The note has %1 characters; shorten it to at most %2.</source>
        <translation>La note compte %1 caractères ; raccourcissez-la à %2 au maximum.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Someone else changed this review meanwhile. Reload the list and try again.</source>
        <translation>Quelqu&apos;un d&apos;autre a modifié cet avis entre-temps. Rechargez la liste et réessayez.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The reply has %1 characters; shorten it to at most %2.</source>
        <translation>La réponse compte %1 caractères ; raccourcissez-la à %2 au maximum.</translation>
    </message>
</context>
<context>
    <name>ReviewStatus</name>
    <message>
        <location filename="../services/reviews/ReviewStatus.cpp" line="+26"/>
        <source>“%1”</source>
        <translation>« %1 »</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approved</source>
        <translation>Approuvé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hidden</source>
        <translation>Masqué</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The review is already %1. Reload the list to see its current state.</source>
        <translation>L&apos;avis est déjà %1. Rechargez la liste pour voir son état actuel.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A review that is %1 cannot become %2; it can become %3.</source>
        <translation>Un avis %1 ne peut pas devenir %2 ; il peut devenir %3.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> or </source>
        <translation> ou </translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../services/auth/Role.cpp" line="+33"/>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
</context>
<context>
    <name>SalesSettings</name>
    <message>
        <location filename="../services/sales/SalesSettings.cpp" line="+62"/>
        <source>The currency must be a three-letter ISO code such as USD, EUR or GBP.</source>
        <translation>La devise doit être un code ISO à trois lettres, comme USD, EUR ou GBP.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tax rate must be between 0 % and 100 %.</source>
        <translation>Le taux de taxe doit être compris entre 0 % et 100 %.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;%1&quot; cannot name a tax class. Use up to 40 letters, digits, - or _, other than &quot;standard&quot;.</source>
        <translation>« %1 » ne peut pas nommer une classe de taxe. Utilisez jusqu&apos;à 40 lettres, chiffres, - ou _, autre que « standard ».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The tax rate of the class &quot;%1&quot; must be between 0 % and 100 %.</source>
        <translation>Le taux de taxe de la classe « %1 » doit être compris entre 0 % et 100 %.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A clerk&apos;s discount limit must be between 0 % and 100 %.</source>
        <translation>La limite de remise d&apos;un caissier doit être comprise entre 0 % et 100 %.</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <location filename="../app/ServeCommand.cpp" line="+66"/>
        <source>Settling card payments without an answer failed: %1</source>
        <translation>Le règlement des paiements par carte restés sans réponse a échoué : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card payments without an answer settled: %1 order(s) paid, %2 unpaid order(s) cancelled.</source>
        <translation>Paiements par carte restés sans réponse réglés : %1 commande(s) payée(s), %2 commande(s) impayée(s) annulée(s).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Serves the online shop&apos;s JSON API (docs/api.md) over HTTP until stopped with Ctrl+C or SIGTERM.</source>
        <translation>Sert l&apos;API JSON de la boutique en ligne (docs/api.md) via HTTP jusqu&apos;à l&apos;arrêt par Ctrl+C ou SIGTERM.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The TCP port to listen on (default %1; 0 for any free one).</source>
        <translation>Le port TCP d&apos;écoute (par défaut %1 ; 0 pour n&apos;importe quel port libre).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address to listen on (default 127.0.0.1; 0.0.0.0 for every network).</source>
        <translation>L&apos;adresse d&apos;écoute (par défaut 127.0.0.1 ; 0.0.0.0 pour tous les réseaux).</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ADDR</source>
        <translation>ADR</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requests per second allowed from one client address, with bursts of twice as many (default %1; 0 for no limit).</source>
        <translation>Requêtes par seconde autorisées depuis une même adresse client, avec des pointes jusqu&apos;au double (par défaut %1 ; 0 pour aucune limite).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--port needs a whole number from 0 to 65535.</source>
        <translation>--port exige un nombre entier de 0 à 65535.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--bind needs an IP address such as 127.0.0.1 or 0.0.0.0, not &quot;%1&quot;.</source>
        <translation>--bind exige une adresse IP comme 127.0.0.1 ou 0.0.0.0, et non «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--rate-limit needs a whole number from 0 to %1.</source>
        <translation>--rate-limit exige un nombre entier de 0 à %1.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cannot watch for Ctrl+C. Try again.</source>
        <translation>Impossible de surveiller Ctrl+C. Réessayez.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopping.</source>
        <translation>Arrêt en cours.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Listening on http://%1:%2</source>
        <translation>À l&apos;écoute sur http://%1:%2</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../ui/settings/SettingsPage.cpp" line="+61"/>
        <source>register %1</source>
        <translation>caisse %1</translation>
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
        <translation>Saisissez le nom de la boutique.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s name may be at most 200 characters long.</source>
        <translation>Le nom de la boutique ne peut pas dépasser 200 caractères.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The currency must be a three-letter ISO code such as USD, EUR or GBP.</source>
        <translation>La devise doit être un code ISO à trois lettres, comme USD, EUR ou GBP.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tax rate must be between 0 % and 100 %.</source>
        <translation>Le taux de taxe doit être compris entre 0 % et 100 %.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The idle lock must be between 0 (never) and 1440 minutes.</source>
        <translation>Le verrouillage après inactivité doit être compris entre 0 (jamais) et 1440 minutes.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The receipt footer may be at most 1000 characters long.</source>
        <translation>Le pied de page du ticket de caisse ne peut pas dépasser 1000 caractères.</translation>
    </message>
</context>
<context>
    <name>ShiftService</name>
    <message>
        <location filename="../services/sales/ShiftService.cpp" line="+44"/>
        <source>Shift %1 does not exist. Choose the register&apos;s current shift.</source>
        <translation>La session %1 n&apos;existe pas. Choisissez la session en cours de la caisse.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Shift %1 is closed; nothing can be added to it. Open a new shift.</source>
        <translation>La session %1 est clôturée ; rien ne peut plus y être ajouté. Ouvrez une nouvelle session.</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>The Z report of shift %1 cannot be read. Run storekeeper check.</source>
        <translation>Le rapport Z de la session %1 ne peut pas être lu. Exécutez « storekeeper check ».</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Enter the amount in the shop&apos;s currency (%1).</source>
        <translation>Saisissez le montant dans la devise de la boutique (%1).</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+283"/>
        <location line="+16"/>
        <location line="+20"/>
        <source>The amounts are not in the shift&apos;s currency.</source>
        <translation>Les montants ne sont pas dans la devise de la session.</translation>
    </message>
    <message>
        <location line="-279"/>
        <source>The cash float cannot be negative. Count the cash in the drawer and enter it.</source>
        <translation>Le fond de caisse ne peut pas être négatif. Comptez les espèces du tiroir-caisse et saisissez le montant.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+220"/>
        <source>Register %1 does not exist. Choose this register again in the register settings.</source>
        <translation>La caisse %1 n&apos;existe pas. Choisissez à nouveau cette caisse dans les réglages de caisse.</translation>
    </message>
    <message>
        <location line="-214"/>
        <source>%1 is no longer in use. Choose another register.</source>
        <translation>%1 n&apos;est plus utilisée. Choisissez une autre caisse.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 already has an open shift. Carry on with it, or close it before opening a new one.</source>
        <translation>%1 a déjà une session ouverte. Poursuivez-la ou clôturez-la avant d&apos;en ouvrir une nouvelle.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Say why the cash is put in or taken out, for example &quot;Change from the bank&quot;.</source>
        <translation>Indiquez pourquoi des espèces sont ajoutées ou retirées, par exemple « Monnaie de la banque ».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the reason to at most %1 characters.</source>
        <translation>Le motif ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter an amount above zero.</source>
        <translation>Saisissez un montant supérieur à zéro.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Only %1 is expected in the drawer, so %2 cannot be taken out. Count the drawer and take out at most %1.</source>
        <translation>Seuls %1 sont attendus dans le tiroir-caisse ; %2 ne peuvent donc pas être retirés. Comptez le tiroir-caisse et retirez au plus %1.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The counted cash cannot be negative. Count the drawer again.</source>
        <translation>Les espèces comptées ne peuvent pas être négatives. Recomptez le tiroir-caisse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the note to at most %1 characters.</source>
        <translation>La note ne peut pas dépasser %1 caractères.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A sale on %1 has payments but is not finished. Complete it or give the payments back, then close the shift.</source>
        <translation>Une vente sur %1 a des paiements mais n&apos;est pas terminée. Finalisez-la ou rendez les paiements, puis clôturez la session.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Shift %1 is still open; its Z report is written when it closes. Print an X report instead.</source>
        <translation>La session %1 est encore ouverte ; son rapport Z est établi à la clôture. Imprimez plutôt un rapport X.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 has no open shift. Open a shift with the cash float first.</source>
        <translation>%1 n&apos;a pas de session ouverte. Ouvrez d&apos;abord une session avec le fond de caisse.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Name the tender of the payment.</source>
        <translation>Indiquez le moyen de paiement.</translation>
    </message>
</context>
<context>
    <name>SmtpClient</name>
    <message>
        <location filename="../services/notifications/SmtpClient.cpp" line="+110"/>
        <source>The mail server closed the connection. Sending will be tried again.</source>
        <translation>Le serveur de messagerie a fermé la connexion. L&apos;envoi sera retenté.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The mail server did not answer in time. Sending will be tried again.</source>
        <translation>Le serveur de messagerie n&apos;a pas répondu à temps. L&apos;envoi sera retenté.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The mail server %1 cannot be reached on port %2. Check the server&apos;s name and port in the mail settings.</source>
        <translation>Le serveur de messagerie %1 est injoignable sur le port %2. Vérifiez le nom et le port du serveur dans les paramètres de messagerie.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A secure connection to the mail server could not be made. Check the server&apos;s name and the security setting in the mail settings.</source>
        <translation>Impossible d&apos;établir une connexion sécurisée avec le serveur de messagerie. Vérifiez le nom du serveur et le réglage de sécurité dans les paramètres de messagerie.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The mail server sent an answer Storekeeper does not understand. Check the server&apos;s name and port.</source>
        <translation>Le serveur de messagerie a envoyé une réponse que Storekeeper ne comprend pas. Vérifiez le nom et le port du serveur.</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>No mail server is set up. Enter one in the mail settings on the Notifications page.</source>
        <translation>Aucun serveur de messagerie n&apos;est configuré. Saisissez-en un dans les paramètres de messagerie de la page Notifications.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not an e-mail address mail can be sent to.</source>
        <translation>%1 n&apos;est pas une adresse e-mail à laquelle envoyer du courrier.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the address the shop&apos;s mail comes from in the mail settings.</source>
        <translation>Saisissez l&apos;adresse d&apos;expédition des e-mails de la boutique dans les paramètres de messagerie.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The mail server is not taking mail at the moment.</source>
        <translation>Le serveur de messagerie n&apos;accepte pas de courrier pour le moment.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+28"/>
        <source>The mail server refused to talk to Storekeeper (EHLO).</source>
        <translation>Le serveur de messagerie a refusé de dialoguer avec Storekeeper (EHLO).</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>The mail server does not offer STARTTLS. Choose TLS or no security in the mail settings.</source>
        <translation>Le serveur de messagerie ne propose pas STARTTLS. Choisissez TLS ou aucune sécurité dans les paramètres de messagerie.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The mail server refused to start a secure connection.</source>
        <translation>Le serveur de messagerie a refusé d&apos;établir une connexion sécurisée.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The mail server refused the user name or password. Check them in the mail settings.</source>
        <translation>Le serveur de messagerie a refusé le nom d&apos;utilisateur ou le mot de passe. Vérifiez-les dans les paramètres de messagerie.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The mail server offers no sign-in Storekeeper knows (PLAIN or LOGIN). Check the security setting, or clear the user name.</source>
        <translation>Le serveur de messagerie ne propose aucune méthode de connexion connue de Storekeeper (PLAIN ou LOGIN). Vérifiez le réglage de sécurité ou videz le nom d&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The mail server refused the sender address %1. Check the sender address in the mail settings.</source>
        <translation>Le serveur de messagerie a refusé l&apos;adresse d&apos;expéditeur %1. Vérifiez l&apos;adresse d&apos;expéditeur dans les paramètres de messagerie.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The mail server refused the recipient %1.</source>
        <translation>Le serveur de messagerie a refusé le destinataire %1.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+8"/>
        <source>The mail server refused the message.</source>
        <translation>Le serveur de messagerie a refusé le message.</translation>
    </message>
</context>
<context>
    <name>SmtpSettingsStore</name>
    <message>
        <location filename="../services/notifications/SmtpSettingsStore.cpp" line="+74"/>
        <source>Enter the mail server&apos;s name, such as smtp.example.com, or turn sending off.</source>
        <translation>Saisissez le nom du serveur de messagerie, comme smtp.example.com, ou désactivez l&apos;envoi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The mail server&apos;s name may not contain spaces.</source>
        <translation>Le nom du serveur de messagerie ne doit pas contenir d&apos;espaces.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The mail server&apos;s port must be between 1 and 65535 (usually 587, or 465 for TLS).</source>
        <translation>Le port du serveur de messagerie doit être compris entre 1 et 65535 (généralement 587, ou 465 pour TLS).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the address the shop&apos;s mail comes from, such as shop@example.com.</source>
        <translation>Saisissez l&apos;adresse d&apos;expédition des e-mails de la boutique, comme shop@example.com.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The mail server&apos;s user name and password must be a single line each.</source>
        <translation>Le nom d&apos;utilisateur et le mot de passe du serveur de messagerie doivent chacun tenir sur une seule ligne.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sender&apos;s name must be a single line.</source>
        <translation>Le nom de l&apos;expéditeur doit tenir sur une seule ligne.</translation>
    </message>
</context>
<context>
    <name>StockTypes</name>
    <message>
        <location filename="../services/inventory/StockTypes.cpp" line="+36"/>
        <source>Received</source>
        <translation>Réception</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale</source>
        <translation>Vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged</source>
        <translation>Endommagé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lost</source>
        <translation>Perdu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Found</source>
        <translation>Trouvé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count correction</source>
        <translation>Correction d&apos;inventaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer out</source>
        <translation>Transfert sortant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer in</source>
        <translation>Transfert entrant</translation>
    </message>
</context>
<context>
    <name>Stocktake</name>
    <message>
        <location filename="../services/inventory/Stocktake.cpp" line="+106"/>
        <source>There is no stock count number %1. Refresh the list.</source>
        <translation>Il n&apos;existe aucun inventaire numéro %1. Actualisez la liste.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stock count %1 is %2; counts can only be entered while it is open. Start a new count.</source>
        <translation>L&apos;inventaire %1 est %2 ; les comptages ne peuvent être saisis que tant qu&apos;il est ouvert. Démarrez un nouveau comptage.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>That product is not part of this count.</source>
        <translation>Ce produit ne fait pas partie de ce comptage.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>posted</source>
        <translation>validé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Stock count %1 of this location is still open. Post or cancel it first.</source>
        <translation>L&apos;inventaire %1 de cet emplacement est encore ouvert. Validez-le ou annulez-le d&apos;abord.</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>A count cannot be below zero. To undo a scan, enter the total instead.</source>
        <translation>Un comptage ne peut pas être inférieur à zéro. Pour annuler un scan, saisissez plutôt le total.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter how many units to add to the count.</source>
        <translation>Saisissez le nombre d&apos;unités à ajouter au comptage.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Stock count %1 was posted or cancelled by someone else. Refresh the list.</source>
        <translation>L&apos;inventaire %1 a été validé ou annulé par quelqu&apos;un d&apos;autre. Actualisez la liste.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Stock count %1</source>
        <translation>Inventaire %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Stock count %1 was posted already; it cannot be cancelled. Count again to correct it.</source>
        <translation>L&apos;inventaire %1 a déjà été validé ; il ne peut pas être annulé. Recomptez pour le corriger.</translation>
    </message>
</context>
<context>
    <name>Tender</name>
    <message>
        <location filename="../services/payments/PaymentTypes.cpp" line="+31"/>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gift card</source>
        <translation>Carte cadeau</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Other</source>
        <translation>Autre</translation>
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
        <location line="+2"/>
        <source>For a vendor: the name of the vendor the user works for.</source>
        <translation>Pour un fournisseur : le nom du fournisseur pour lequel l&apos;utilisateur travaille.</translation>
    </message>
    <message>
        <location line="+0"/>
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
        <translation>Un compte fournisseur exige --vendor NOM.</translation>
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
        <location line="+14"/>
        <source>Created the account %1 (%2, user %3).</source>
        <translation>Compte %1 créé (%2, utilisateur %3).</translation>
    </message>
</context>
<context>
    <name>UserService</name>
    <message>
        <location filename="../services/auth/UserRecords.cpp" line="+35"/>
        <source>There is no such user.</source>
        <translation>Cet utilisateur n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Enter an e-mail address.</source>
        <translation>Saisissez une adresse e-mail.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; is not an e-mail address. Enter it as name@example.com.</source>
        <translation>« %1 » n&apos;est pas une adresse e-mail. Saisissez-la sous la forme name@example.com.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter a phone number of at most 20 characters, using only digits, spaces and + ( ) - . /, or leave it empty.</source>
        <translation>Saisissez un numéro de téléphone de 20 caractères au plus, composé uniquement de chiffres, d&apos;espaces et de + ( ) - . /, ou laissez le champ vide.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter a first and a last name.</source>
        <translation>Saisissez un prénom et un nom.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Names may be at most 100 characters long.</source>
        <translation>Les noms ne peuvent pas dépasser 100 caractères.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The chosen vendor does not exist any more. Choose another.</source>
        <translation>Le fournisseur choisi n&apos;existe plus. Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A vendor account needs a vendor: choose one or enter a new vendor&apos;s name.</source>
        <translation>Un compte fournisseur doit être rattaché à un fournisseur : choisissez-en un ou saisissez le nom d&apos;un nouveau fournisseur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A vendor&apos;s name may be at most 200 characters long.</source>
        <translation>Le nom d&apos;un fournisseur ne peut pas dépasser 200 caractères.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>A user with the e-mail %1 already exists. Use another address or edit that user.</source>
        <translation>Un utilisateur avec l&apos;adresse e-mail %1 existe déjà. Utilisez une autre adresse ou modifiez cet utilisateur.</translation>
    </message>
    <message>
        <location filename="../services/auth/UserService.cpp" line="+107"/>
        <source>The shop needs at least one active administrator. Make another user an administrator first.</source>
        <translation>La boutique doit avoir au moins un administrateur actif. Nommez d&apos;abord un autre utilisateur administrateur.</translation>
    </message>
    <message>
        <location line="+166"/>
        <source>You cannot disable your own account.</source>
        <translation>Vous ne pouvez pas désactiver votre propre compte.</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Only staff accounts have a register PIN.</source>
        <translation>Seuls les comptes du personnel ont un code PIN de caisse.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Sign in first.</source>
        <translation>Connectez-vous d&apos;abord.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The current password is not right. Nothing was changed.</source>
        <translation>Le mot de passe actuel est incorrect. Rien n&apos;a été modifié.</translation>
    </message>
</context>
<context>
    <name>VariantCombinations</name>
    <message>
        <location filename="../services/catalog/VariantCombinations.cpp" line="+77"/>
        <source>Base SKU: %1</source>
        <translation>SKU de base : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add at least one option, such as Size with the values S, M, L.</source>
        <translation>Ajoutez au moins une option, comme Taille avec les valeurs S, M, L.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Every option needs a name, such as Size or Colour.</source>
        <translation>Chaque option doit avoir un nom, comme Taille ou Couleur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The option &quot;%1&quot; is listed twice. Give each option its own name.</source>
        <translation>L&apos;option « %1 » figure deux fois. Donnez à chaque option son propre nom.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The value &quot;%1&quot; is listed twice for %2.</source>
        <translation>La valeur « %1 » figure deux fois pour %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter the values of %1, separated by commas (for example S, M, L).</source>
        <translation>Saisissez les valeurs de %1, séparées par des virgules (par exemple S, M, L).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These options make more than %1 variants. Use fewer values.</source>
        <translation>Ces options donnent plus de %1 variantes. Utilisez moins de valeurs.</translation>
    </message>
</context>
<context>
    <name>sk::AdjustDialog</name>
    <message>
        <location filename="../ui/inventory/AdjustDialog.cpp" line="+20"/>
        <source>&amp;Adjust</source>
        <translation>&amp;Ajuster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adjust stock</source>
        <translation>Ajuster le stock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan or type a barcode or SKU to choose another item</source>
        <translation>Scannez ou saisissez un code-barres ou un SKU pour choisir un autre article</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a reason…</source>
        <translation>Choisissez un motif…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Negative takes stock away (damaged, lost), positive adds it (found, returned).</source>
        <translation>Une valeur négative retire du stock (endommagé, perdu), une valeur positive en ajoute (trouvé, retourné).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why: what happened, who found it</source>
        <translation>Pourquoi : ce qui s&apos;est passé, qui l&apos;a constaté</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>S&amp;can:</source>
        <translation>&amp;Scanner :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item:</source>
        <translation>Article :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Location:</source>
        <translation>&amp;Emplacement :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quantity:</source>
        <translation>&amp;Quantité :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note :</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>None yet: scan or type its code above.</source>
        <translation>Aucun pour l&apos;instant : scannez ou saisissez son code ci-dessus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>on hand %1 → %2</source>
        <translation>stock physique %1 → %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose the item: scan or type its barcode or SKU.</source>
        <translation>Choisissez l&apos;article : scannez ou saisissez son code-barres ou son SKU.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the reason for the adjustment.</source>
        <translation>Choisissez le motif de l&apos;ajustement.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type how many units to add (positive) or take away (negative).</source>
        <translation>Saisissez le nombre d&apos;unités à ajouter (positif) ou à retirer (négatif).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 takes stock away: type a negative quantity.</source>
        <translation>%1 retire du stock : saisissez une quantité négative.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 adds stock: type a positive quantity.</source>
        <translation>%1 ajoute du stock : saisissez une quantité positive.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only %1 on hand here: the stock cannot go below zero.</source>
        <translation>Seulement %1 en stock ici : le stock ne peut pas descendre en dessous de zéro.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type a note that says why the stock changed; the ledger keeps it.</source>
        <translation>Saisissez une note indiquant pourquoi le stock a changé ; le journal des stocks la conserve.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writes the correction into the ledger.</source>
        <translation>Inscrit la correction dans le journal des stocks.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code.</source>
        <translation>Aucun produit n&apos;a le code-barres ou le SKU « %1 ». Vérifiez le code.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>%1: %2 %3 at %4.</source>
        <translation>%1 : %2 %3 à l&apos;emplacement %4.</translation>
    </message>
</context>
<context>
    <name>sk::ApprovalBox</name>
    <message>
        <location filename="../ui/register/ApprovalBox.cpp" line="+36"/>
        <source>Administrator&apos;s e-mail</source>
        <translation>E-mail de l&apos;administrateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Their register PIN or password</source>
        <translation>Son code PIN de caisse ou son mot de passe</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This is above your limit: an administrator approves it here.</source>
        <translation>Cela dépasse votre limite : un administrateur l&apos;approuve ici.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved by:</source>
        <translation>Approuvé par :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN or password:</source>
        <translation>Code PIN ou mot de passe :</translation>
    </message>
</context>
<context>
    <name>sk::BulkEditDialog</name>
    <message>
        <location filename="../ui/catalog/BulkEditDialog.cpp" line="+53"/>
        <source>Change prices by a p&amp;ercentage:</source>
        <translation>Modifier les prix d&apos;un &amp;pourcentage :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change prices by an a&amp;mount:</source>
        <translation>Modifier les prix d&apos;un &amp;montant :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to &amp;category:</source>
        <translation>Déplacer vers la &amp;catégorie :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set &amp;status:</source>
        <translation>Définir le &amp;statut :</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bulk edit</source>
        <translation>Modification groupée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One change for %1. Every variant&apos;s price changes; all of it is saved together or not at all.</source>
        <translation>Une seule modification pour %1. Le prix de chaque variante change ; tout est enregistré ensemble, ou rien ne l&apos;est.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>10 raises, -15 lowers</source>
        <translation>10 augmente, -15 baisse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 raises, -%1 lowers</source>
        <translation>%1 augmente, -%1 baisse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No category</source>
        <translation>Aucune catégorie</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>C&amp;ontinue…</source>
        <translation>C&amp;ontinuer…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Type the change as a percentage between -100 and 100, such as 10 or -15.</source>
        <translation>Saisissez la modification sous forme de pourcentage entre -100 et 100, comme 10 ou -15.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Raise the prices of %1 by %2 %?</source>
        <translation>Augmenter les prix de %1 de %2 % ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower the prices of %1 by %2 %?</source>
        <translation>Baisser les prix de %1 de %2 % ?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type the change as an amount such as %1 or -%1.</source>
        <translation>Saisissez la modification sous forme de montant, comme %1 ou -%1.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Lower every price of %1 by %2?</source>
        <translation>Baisser chaque prix de %1 de %2 ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raise every price of %1 by %2?</source>
        <translation>Augmenter chaque prix de %1 de %2 ?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Move %1 to %2?</source>
        <translation>Déplacer %1 vers %2 ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take %1 out of their categories?</source>
        <translation>Retirer %1 de leurs catégories ?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set the status of %1 to %2?</source>
        <translation>Définir le statut de %1 sur %2 ?</translation>
    </message>
</context>
<context>
    <name>sk::BulkStatusDialog</name>
    <message>
        <location filename="../ui/orders/BulkStatusDialog.cpp" line="+24"/>
        <source>Change the status of 1 order</source>
        <translation>Modifier le statut d&apos;une commande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the status of %1 orders</source>
        <translation>Modifier le statut de %1 commandes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Optional, shown in each order&apos;s timeline</source>
        <translation>Facultatif, affiché dans l&apos;historique de chaque commande</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders whose status may not become the new one keep theirs; the page lists them with the reason.</source>
        <translation>Les commandes dont le statut ne peut pas devenir le nouveau gardent le leur ; la page les liste avec la raison.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New &amp;status:</source>
        <translation>Nouveau &amp;statut :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note :</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Make 1 order “%1”</source>
        <translation>Passer 1 commande à « %1 »</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make %1 orders “%2”</source>
        <translation>Passer %1 commandes à « %2 »</translation>
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
        <translation>%1 (auparavant %2)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Only %1 available.</source>
        <translation>Seulement %1 disponible(s).</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line total</source>
        <translation>Total de la ligne</translation>
    </message>
</context>
<context>
    <name>sk::CashMovementDialog</name>
    <message>
        <location filename="../ui/register/CashMovementDialog.cpp" line="+32"/>
        <source>Cash in or out</source>
        <translation>Entrée ou sortie d&apos;espèces</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Into the drawer</source>
        <translation>Dans le tiroir-caisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of the drawer</source>
        <translation>Hors du tiroir-caisse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why, e.g. change from the bank</source>
        <translation>Motif, p. ex. monnaie de la banque</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Direction:</source>
        <translation>&amp;Sens :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>Mo&amp;tif :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Record</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Type the amount above zero, e.g. 50.00.</source>
        <translation>Saisissez un montant supérieur à zéro, p. ex. 50.00.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Say why the cash is moved.</source>
        <translation>Indiquez pourquoi les espèces sont déplacées.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 put into the drawer: %2</source>
        <translation>%1 ajouté au tiroir-caisse : %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 taken out of the drawer: %2</source>
        <translation>%1 retiré du tiroir-caisse : %2</translation>
    </message>
</context>
<context>
    <name>sk::CatalogFilterBar</name>
    <message>
        <location filename="../ui/catalog/CatalogFilterBar.cpp" line="+30"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;lear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All vendors</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Any status</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatut :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Price:</source>
        <translation>&amp;Prix :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any stock</source>
        <translation>Tous les stocks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In stock</source>
        <translation>En stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of stock</source>
        <translation>En rupture de stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St&amp;ock:</source>
        <translation>St&amp;ock :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>colour=red, size=L</source>
        <translation>couleur=rouge, taille=L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Products whose attributes have all these values: name=value, separated by commas.</source>
        <translation>Produits dont les attributs ont toutes ces valeurs : nom=valeur, séparés par des virgules.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Attributes:</source>
        <translation>&amp;Attributs :</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>The %1 price &quot;%2&quot; is not an amount. Type it like %3.</source>
        <translation>Le prix %1 « %2 » n&apos;est pas un montant. Saisissez-le sous la forme %3.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>lowest</source>
        <translation>minimal</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>highest</source>
        <translation>maximal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The lowest price is above the highest. Swap them or change one.</source>
        <translation>Le prix minimal dépasse le prix maximal. Inversez-les ou modifiez l&apos;un des deux.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Write attributes as name=value, separated by commas (colour=red, size=L); &quot;%1&quot; is not.</source>
        <translation>Écrivez les attributs sous la forme nom=valeur, séparés par des virgules (couleur=rouge, taille=L) ; « %1 » ne l&apos;est pas.</translation>
    </message>
</context>
<context>
    <name>sk::CatalogPage</name>
    <message>
        <location filename="../ui/catalog/CatalogPage.cpp" line="+81"/>
        <source>&amp;New product…</source>
        <translation>&amp;Nouveau produit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Bulk edit…</source>
        <translation>Modification &amp;groupée…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find products</source>
        <translation>Rechercher des produits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New product…</source>
        <translation>Nouveau produit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit product…</source>
        <translation>Modifier le produit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete product…</source>
        <translation>Supprimer le produit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulk edit…</source>
        <translation>Modification groupée…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name, brand, SKU or barcode</source>
        <translation>Nom, marque, SKU ou code-barres</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search:</source>
        <translation>Re&amp;chercher :</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A new product (Ins or Ctrl+N).</source>
        <translation>Un nouveau produit (Inser ou Ctrl+N).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opens the selected product (Enter or double-click).</source>
        <translation>Ouvre le produit sélectionné (Entrée ou double-clic).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes prices, category or status of every selected product at once.</source>
        <translation>Modifie en une fois les prix, la catégorie ou le statut de tous les produits sélectionnés.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reads products from a Storekeeper or Shopify product CSV file.</source>
        <translation>Lit des produits depuis un fichier CSV de produits Storekeeper ou Shopify.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes the catalog to a CSV file that Storekeeper and Shopify can read.</source>
        <translation>Écrit le catalogue dans un fichier CSV lisible par Storekeeper et Shopify.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Products</source>
        <translation>Produits</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Catalog</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Counting products…</source>
        <translation>Comptage des produits…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No product matches</source>
        <translation>Aucun produit ne correspond</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No products yet</source>
        <translation>Aucun produit pour l&apos;instant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The best %1 (more match: type more to narrow them)</source>
        <translation>Les %1 les plus pertinents (d&apos;autres correspondent : précisez la saisie pour affiner)</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Select one product to delete. To take several out of sale, use Bulk edit and set their status.</source>
        <translation>Sélectionnez un seul produit à supprimer. Pour retirer plusieurs produits de la vente, utilisez la modification groupée et définissez leur statut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deletes the selected product (Del).</source>
        <translation>Supprime le produit sélectionné (Suppr).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved the product.</source>
        <translation>Le produit a été enregistré.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>product number %1</source>
        <translation>produit numéro %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>Delete product</source>
        <translation>Supprimer le produit</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Delete %1 with its variants and pictures? This cannot be undone.</source>
        <translation>Supprimer %1 avec ses variantes et ses images ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To stop selling it but keep its history, set its status to Discontinued instead.</source>
        <translation>Pour ne plus le vendre tout en conservant son historique, définissez plutôt son statut sur Arrêté.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Deleted %1.</source>
        <translation>Supprimé : %1.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+23"/>
        <source>Bulk edit</source>
        <translation>Modification groupée</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Change %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Changed %1.</source>
        <translation>Modification effectuée : %1.</translation>
    </message>
</context>
<context>
    <name>sk::CatalogTransfer</name>
    <message>
        <location filename="../ui/catalog/CatalogTransfer.cpp" line="+25"/>
        <location line="+53"/>
        <location line="+15"/>
        <source>Import products</source>
        <translation>Importer des produits</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Storekeeper product CSV (*.csv)</source>
        <translation>CSV de produits Storekeeper (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shopify product CSV (*.csv)</source>
        <translation>CSV de produits Shopify (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+90"/>
        <source>Export products</source>
        <translation>Exporter des produits</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Importing %1…</source>
        <translation>Importation de %1…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The import of %1 was cancelled; nothing was changed.</source>
        <translation>L&apos;import de %1 a été annulé ; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Line %1: %2</source>
        <translation>Ligne %1 : %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>… and %1 more rejected rows.</source>
        <translation>… et %1 autres lignes rejetées.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Correct the rejected rows (see the details) and import the file again; products already imported are updated, not duplicated.</source>
        <translation>Corrigez les lignes rejetées (voir les détails) et importez à nouveau le fichier ; les produits déjà importés sont mis à jour, pas dupliqués.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exporting to %1…</source>
        <translation>Export vers %1…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The export was cancelled; no file was written.</source>
        <translation>L&apos;export a été annulé ; aucun fichier n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported %1 with %2 variants to %3.</source>
        <translation>Export de %1 avec %2 variantes vers %3 terminé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 product</source>
        <translation>1 produit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 products</source>
        <translation>%1 produits</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopping…</source>
        <translation>Arrêt en cours…</translation>
    </message>
</context>
<context>
    <name>sk::CategoryPanel</name>
    <message>
        <location filename="../ui/catalog/CategoryPanel.cpp" line="+30"/>
        <source>New…</source>
        <translation>Nouvelle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+108"/>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>New category…</source>
        <translation>Nouvelle catégorie…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename category…</source>
        <translation>Renommer la catégorie…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+106"/>
        <location line="+75"/>
        <source>Deactivate category</source>
        <translation>Désactiver la catégorie</translation>
    </message>
    <message>
        <location line="-172"/>
        <location line="+58"/>
        <source>Categories</source>
        <translation>Catégories</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Drag a category onto another to move it there, or between two to reorder.</source>
        <translation>Faites glisser une catégorie sur une autre pour l&apos;y déplacer, ou entre deux pour changer l&apos;ordre.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A new category under the chosen one.</source>
        <translation>Une nouvelle catégorie sous celle sélectionnée.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Move category</source>
        <translation>Déplacer la catégorie</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Activate</source>
        <translation>Activer</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+75"/>
        <source>Activate category</source>
        <translation>Activer la catégorie</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>The online shop stops showing the category; its products stay.</source>
        <translation>La boutique en ligne n&apos;affiche plus la catégorie ; ses produits sont conservés.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The online shop shows the category again.</source>
        <translation>La boutique en ligne affiche de nouveau la catégorie.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+20"/>
        <source>New category</source>
        <translation>Nouvelle catégorie</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Name of the new category under %1:</source>
        <translation>Nom de la nouvelle catégorie sous %1 :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the new top-level category:</source>
        <translation>Nom de la nouvelle catégorie de premier niveau :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Created the category %1.</source>
        <translation>La catégorie %1 a été créée.</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+5"/>
        <source>Rename category</source>
        <translation>Renommer la catégorie</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>New name for %1:</source>
        <translation>Nouveau nom pour %1 :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Renamed %1 to %2.</source>
        <translation>%1 a été renommée en %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The online shop shows %1 again.</source>
        <translation>La boutique en ligne affiche de nouveau %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The online shop no longer shows %1; its products keep their category.</source>
        <translation>La boutique en ligne n&apos;affiche plus %1 ; ses produits conservent leur catégorie.</translation>
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
        <translation>La catégorie ne figure plus dans la liste. Actualisez la liste et réessayez.</translation>
    </message>
    <message>
        <location line="+148"/>
        <source>All categories</source>
        <translation>Toutes les catégories</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Products of every category, and those without one.</source>
        <translation>Les produits de toutes les catégories, et ceux qui n&apos;en ont pas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is deactivated: the online shop does not show it.</source>
        <translation>%1 est désactivée : la boutique en ligne ne l&apos;affiche pas.</translation>
    </message>
</context>
<context>
    <name>sk::ChangeRoleDialog</name>
    <message>
        <location filename="../ui/users/ChangeRoleDialog.cpp" line="+23"/>
        <source>Change role</source>
        <translation>Changer le rôle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What may %1 (%2) do in Storekeeper? The change applies from their next sign-in.</source>
        <translation>Que peut faire %1 (%2) dans Storekeeper ? La modification s&apos;applique dès sa prochaine connexion.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Role:</source>
        <translation>&amp;Rôle :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Change role</source>
        <translation>&amp;Changer le rôle</translation>
    </message>
</context>
<context>
    <name>sk::CloseShiftDialog</name>
    <message>
        <location filename="../ui/register/CloseShiftDialog.cpp" line="+32"/>
        <source>Close shift</source>
        <translation>Clôturer la session</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Optional, e.g. why the drawer is short</source>
        <translation>Facultatif, p. ex. pourquoi il manque de l&apos;argent dans le tiroir-caisse</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sales this shift:</source>
        <translation>Ventes de cette session :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash expected:</source>
        <translation>Espèces attendues :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash &amp;counted:</source>
        <translation>Espèces &amp;comptées :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference:</source>
        <translation>Écart :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close shift</source>
        <translation>C&amp;lôturer la session</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Count the cash in the drawer and type the amount, e.g. 412.50.</source>
        <translation>Comptez les espèces du tiroir-caisse et saisissez le montant, p. ex. 412.50.</translation>
    </message>
</context>
<context>
    <name>sk::CustomerDetailPanel</name>
    <message>
        <location filename="../ui/customers/CustomerDetailPanel.cpp" line="+25"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In store</source>
        <translation>En magasin</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>More orders</source>
        <translation>Autres commandes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order history</source>
        <translation>Historique des commandes</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;Addresses&lt;/b&gt;</source>
        <translation>&lt;b&gt;Adresses&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Order history&lt;/b&gt;</source>
        <translation>&lt;b&gt;Historique des commandes&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose a customer to see their orders and addresses.</source>
        <translation>Choisissez un client pour voir ses commandes et ses adresses.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>merged into another customer</source>
        <translation>fusionné avec un autre client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>switched off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No orders yet.</source>
        <translation>Aucune commande pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifetime value &lt;b&gt;%1&lt;/b&gt; · orders: %2 · paid %3, refunded %4 · first order %5, last order %6.</source>
        <translation>Valeur client &lt;b&gt;%1&lt;/b&gt; · commandes : %2 · payé %3, remboursé %4 · première commande %5, dernière commande %6.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Billing</source>
        <translation>Facturation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (default)</source>
        <translation>%1 (par défaut)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No addresses.</source>
        <translation>Aucune adresse.</translation>
    </message>
</context>
<context>
    <name>sk::CustomerDialog</name>
    <message>
        <location filename="../ui/register/CustomerDialog.cpp" line="+39"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail, phone or name</source>
        <translation>E-mail, téléphone ou nom</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>New customer</source>
        <translation>Nouveau client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create and &amp;attach</source>
        <translation>Créer et &amp;associer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;No customer</source>
        <translation>&amp;Aucun client</translation>
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
        <translation>Aucun client ne correspond à « %1 ». Créez-en un ci-dessous.</translation>
    </message>
</context>
<context>
    <name>sk::CustomerEditDialog</name>
    <message>
        <location filename="../ui/customers/CustomerEditDialog.cpp" line="+37"/>
        <source>Edit %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Street</source>
        <translation>Rue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Région</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Addresses</source>
        <translation>Adresses</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add address</source>
        <translation>&amp;Ajouter une adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove address</source>
        <translation>&amp;Retirer l&apos;adresse</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing</source>
        <translation>Facturation</translation>
    </message>
</context>
<context>
    <name>sk::CustomerTableModel</name>
    <message>
        <location filename="../models/CustomerTableModel.cpp" line="+58"/>
        <source>Merged into another customer.</source>
        <translation>Fusionné avec un autre client.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This account is switched off.</source>
        <translation>Ce compte est désactivé.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lifetime value</source>
        <translation>Valeur client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last order</source>
        <translation>Dernière commande</translation>
    </message>
</context>
<context>
    <name>sk::CustomersPage</name>
    <message>
        <location filename="../ui/customers/CustomersPage.cpp" line="+47"/>
        <source>Export customer data</source>
        <translation>Exporter les données du client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Merge into…</source>
        <translation>&amp;Fusionner avec…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport data…</source>
        <translation>E&amp;xporter les données…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start of a name, e-mail address or phone number</source>
        <translation>Début d&apos;un nom, d&apos;une adresse e-mail ou d&apos;un numéro de téléphone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Search:</source>
        <translation>&amp;Rechercher :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find customer</source>
        <translation>Rechercher un client</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Edit customer</source>
        <translation>Modifier le client</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Move this customer&apos;s orders, carts, addresses and reviews to another customer and switch this account off.</source>
        <translation>Transfère les commandes, paniers, adresses et avis de ce client vers un autre client et désactive ce compte.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save everything the shop holds about this customer as a JSON file.</source>
        <translation>Enregistre tout ce que la boutique détient sur ce client dans un fichier JSON.</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+63"/>
        <source>Customers</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Choose a customer to see their orders and addresses.</source>
        <translation>Choisissez un client pour voir ses commandes et ses adresses.</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>Saved the details of %1.</source>
        <translation>Les informations de %1 ont été enregistrées.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Merged %1 into %2. Moved: orders %3, carts %4, addresses %5, reviews %6; duplicate reviews dropped: %7.</source>
        <translation>%1 fusionné avec %2. Transférés : commandes %3, paniers %4, adresses %5, avis %6 ; avis en double supprimés : %7.</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n item(s) of the online cart joined the other account&apos;s cart.</source>
        <translation>
            <numerusform>%n article du panier en ligne a rejoint le panier de l&apos;autre compte.</numerusform>
            <numerusform>%n articles du panier en ligne ont rejoint le panier de l&apos;autre compte.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Saved the data of %1 to %2.</source>
        <translation>Les données de %1 ont été enregistrées dans %2.</translation>
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
        <translation>Cette base de données ne contient pas encore de boutique : seule la fenêtre de configuration a pu être photographiée. Remplissez-la d&apos;abord avec des données de démonstration (storekeeper demo).
</translation>
    </message>
    <message>
        <location line="+89"/>
        <location line="+24"/>
        <source>Interrupted sales</source>
        <translation>Ventes interrompues</translation>
    </message>
    <message numerus="yes">
        <location line="-16"/>
        <source>Finished %n paid sale(s) that were interrupted: %1.</source>
        <translation>
            <numerusform>%n vente payée qui avait été interrompue a été finalisée : %1.</numerusform>
            <numerusform>%n ventes payées qui avaient été interrompues ont été finalisées : %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n partly paid sale(s) are back at their register: finish them or void the payments.</source>
        <translation>
            <numerusform>%n vente partiellement payée est de retour sur sa caisse : finalisez-la ou annulez les paiements.</numerusform>
            <numerusform>%n ventes partiellement payées sont de retour sur leur caisse : finalisez-les ou annulez les paiements.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n card payment(s) the gateway had not approved were marked failed.</source>
        <translation>
            <numerusform>%n paiement par carte que la passerelle n&apos;avait pas approuvé a été marqué comme échoué.</numerusform>
            <numerusform>%n paiements par carte que la passerelle n&apos;avait pas approuvés ont été marqués comme échoués.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n card payment(s) could not be checked because the gateway cannot be reached; they are checked again at the next start.</source>
        <translation>
            <numerusform>%n paiement par carte n&apos;a pas pu être vérifié car la passerelle est injoignable ; il sera revérifié au prochain démarrage.</numerusform>
            <numerusform>%n paiements par carte n&apos;ont pas pu être vérifiés car la passerelle est injoignable ; ils seront revérifiés au prochain démarrage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Could not write a screenshot into %1.
</source>
        <translation>Impossible d&apos;écrire une capture d&apos;écran dans %1.
</translation>
    </message>
</context>
<context>
    <name>sk::DiscountDialog</name>
    <message>
        <location filename="../ui/register/DiscountDialog.cpp" line="+36"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove discount</source>
        <translation>Supprimer la remise</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the whole sale</source>
        <translation>l&apos;ensemble de la vente</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Discount on %1</source>
        <translation>Remise sur %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Discount on the sale</source>
        <translation>Remise sur la vente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Percent</source>
        <translation>Pourcentage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why, e.g. damaged packaging</source>
        <translation>Motif, p. ex. emballage endommagé</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Type :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Value:</source>
        <translation>&amp;Valeur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>Mo&amp;tif :</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Type the discount as a percentage above 0 and up to 100, e.g. 10 or 12.5.</source>
        <translation>Saisissez la remise en pourcentage, supérieur à 0 et jusqu&apos;à 100, p. ex. 10 ou 12.5.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Type the discount as an amount above zero, e.g. 2.50.</source>
        <translation>Saisissez la remise en montant supérieur à zéro, p. ex. 2.50.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Say why this discount is given.</source>
        <translation>Indiquez pourquoi cette remise est accordée.</translation>
    </message>
</context>
<context>
    <name>sk::ImageStrip</name>
    <message>
        <location filename="../ui/catalog/ImageStrip.cpp" line="+30"/>
        <source>web
address</source>
        <translation>adresse
web</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no
preview</source>
        <translation>pas
d&apos;aperçu</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No description</source>
        <translation>Aucune description</translation>
    </message>
</context>
<context>
    <name>sk::InventoryFilterBar</name>
    <message>
        <location filename="../ui/inventory/InventoryFilterBar.cpp" line="+38"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;lear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All locations</source>
        <translation>Tous les emplacements</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L&amp;ocation:</source>
        <translation>E&amp;mplacement :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All vendors</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All categories</source>
        <translation>Toutes les catégories</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;ategory:</source>
        <translation>&amp;Catégorie :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All stock</source>
        <translation>Tout le stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low stock</source>
        <translation>Stock bas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of stock</source>
        <translation>En rupture de stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In stock</source>
        <translation>En stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low: available at or below the reorder level.</source>
        <translation>Bas : stock disponible égal ou inférieur au seuil de réapprovisionnement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;how:</source>
        <translation>&amp;Afficher :</translation>
    </message>
</context>
<context>
    <name>sk::InventoryPage</name>
    <message>
        <location filename="../ui/inventory/InventoryPage.cpp" line="+77"/>
        <source>&amp;Receive…</source>
        <translation>&amp;Réception…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Transfer…</source>
        <translation>&amp;Transfert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;djust…</source>
        <translation>A&amp;justement…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stoc&amp;ktake…</source>
        <translation>&amp;Inventaire…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+299"/>
        <source>Lo&amp;w stock…</source>
        <translation>Stock &amp;bas…</translation>
    </message>
    <message>
        <location line="-298"/>
        <source>Find stock</source>
        <translation>Rechercher du stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receive…</source>
        <translation>Réception…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer…</source>
        <translation>Transfert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adjust…</source>
        <translation>Ajustement…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stocktake…</source>
        <translation>Inventaire…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name, SKU or barcode; or scan an item</source>
        <translation>Nom, SKU ou code-barres ; ou scannez un article</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Search:</source>
        <translation>Re&amp;chercher :</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A delivery from a supplier, scanned item by item (Ctrl+R).</source>
        <translation>Une livraison d&apos;un fournisseur, scannée article par article (Ctrl+R).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moves stock from one location to another (Ctrl+T).</source>
        <translation>Déplace du stock d&apos;un emplacement à un autre (Ctrl+T).</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+399"/>
        <source>Damaged, lost or found stock, with a note saying why (Ctrl+J).</source>
        <translation>Stock endommagé, perdu ou trouvé, avec une note qui en indique la raison (Ctrl+J).</translation>
    </message>
    <message>
        <location line="-398"/>
        <source>Counts the shelves of a location and posts the differences (Ctrl+K).</source>
        <translation>Compte les rayons d&apos;un emplacement et valide les écarts (Ctrl+K).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything at or below its reorder level, with what to order.</source>
        <translation>Tout ce qui a atteint ou franchi son seuil de réapprovisionnement, avec les quantités à commander.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Stock levels</source>
        <translation>Niveaux de stock</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Inventory</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Lo&amp;w stock (%1)…</source>
        <translation>Stock &amp;bas (%1)…</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Counting stock lines…</source>
        <translation>Comptage des lignes de stock…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No stock line matches</source>
        <translation>Aucune ligne de stock ne correspond</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No stock yet</source>
        <translation>Aucun stock pour l&apos;instant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 stock line</source>
        <translation>1 ligne de stock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 stock lines</source>
        <translation>%1 lignes de stock</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Damaged, lost or found stock of the selected line (Ctrl+J).</source>
        <translation>Stock endommagé, perdu ou trouvé de la ligne sélectionnée (Ctrl+J).</translation>
    </message>
</context>
<context>
    <name>sk::LockScreen</name>
    <message>
        <location filename="../ui/auth/LockScreen.cpp" line="+31"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Déverrouiller</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;witch user…</source>
        <translation>&amp;Changer d&apos;utilisateur…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Storekeeper is locked</source>
        <translation>Storekeeper est verrouillé</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+1"/>
        <source>Password or PIN</source>
        <translation>Mot de passe ou code PIN</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Signed in as %1 (%2). Enter this account&apos;s password or PIN to continue.</source>
        <translation>Connecté en tant que %1 (%2). Saisissez le mot de passe ou le code PIN de ce compte pour continuer.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Enter your password or PIN.</source>
        <translation>Saisissez votre mot de passe ou votre code PIN.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>That is not the password or PIN of this account. Try again.</source>
        <translation>Ce n&apos;est ni le mot de passe ni le code PIN de ce compte. Réessayez.</translation>
    </message>
</context>
<context>
    <name>sk::LowStockDialog</name>
    <message>
        <location filename="../ui/inventory/LowStockDialog.cpp" line="+40"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export CSV…</source>
        <translation>E&amp;xporter en CSV…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Low stock</source>
        <translation>Stock bas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vendor</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reorder at</source>
        <translation>Seuil de réapprovisionnement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Order</source>
        <translation>À commander</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit cost</source>
        <translation>Coût unitaire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Order value</source>
        <translation>Valeur de commande</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The reorder quantity, or enough to reach twice the reorder level.</source>
        <translation>La quantité de réapprovisionnement, ou de quoi atteindre le double du seuil de réapprovisionnement.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Nothing is at or below its reorder level.</source>
        <translation>Aucun article n&apos;a atteint ou franchi son seuil de réapprovisionnement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lines at or below their reorder level: %1, emptiest first.</source>
        <translation>Lignes au niveau ou en dessous de leur seuil de réapprovisionnement : %1, les plus vides en premier.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export low stock</source>
        <translation>Exporter le stock bas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low-stock-%1.csv</source>
        <translation>stock-bas-%1.csv</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Saved the low stock list to %1 (lines: %2).</source>
        <translation>La liste du stock bas a été enregistrée dans %1 (lignes : %2).</translation>
    </message>
</context>
<context>
    <name>sk::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="+127"/>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;witch user…</source>
        <translation>&amp;Changer d&apos;utilisateur…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Go</source>
        <translation>A&amp;ller</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Storekeeper</source>
        <translation>À &amp;propos de Storekeeper</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Database: %1</source>
        <translation>Base de données : %1</translation>
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
        <translation>À propos de Storekeeper</translation>
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
        <translation>Le logiciel de gestion et de caisse de %1.
Compilé avec Qt %2.</translation>
    </message>
</context>
<context>
    <name>sk::MergeCustomerDialog</name>
    <message>
        <location filename="../ui/customers/MergeCustomerDialog.cpp" line="+42"/>
        <source>&amp;Merge…</source>
        <translation>&amp;Fusionner…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge %1 into…</source>
        <translation>Fusionner %1 avec…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find the customer to keep. The orders, carts, addresses and reviews of %1 move to that customer, and the account of %1 is switched off.</source>
        <translation>Recherchez le client à conserver. Les commandes, paniers, adresses et avis de %1 passent à ce client, et le compte de %1 est désactivé.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name, e-mail or phone of the customer to keep</source>
        <translation>Nom, e-mail ou téléphone du client à conserver</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customers to keep</source>
        <translation>Clients à conserver</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>No other customer matches “%1”.</source>
        <translation>Aucun autre client ne correspond à « %1 ».</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Merge customers</source>
        <translation>Fusionner des clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge %1 into %2?</source>
        <translation>Fusionner %1 avec %2 ?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders, carts, addresses and reviews of %1 move to %2, and the account of %1 is switched off. This cannot be undone.</source>
        <translation>Les commandes, paniers, adresses et avis de %1 passent à %2, et le compte de %1 est désactivé. Cette action est irréversible.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge</source>
        <translation>Fusionner</translation>
    </message>
</context>
<context>
    <name>sk::MovementHistoryPanel</name>
    <message>
        <location filename="../ui/inventory/MovementHistoryPanel.cpp" line="+36"/>
        <source>Stock movements</source>
        <translation>Mouvements de stock</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stocktake %1</source>
        <translation>Inventaire %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Movements: select a line above to see its history.</source>
        <translation>Mouvements : sélectionnez une ligne ci-dessus pour voir son historique.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Movements of %1, %2, at every location</source>
        <translation>Mouvements de %1, %2, sur tous les emplacements</translation>
    </message>
</context>
<context>
    <name>sk::NewUserDialog</name>
    <message>
        <location filename="../ui/users/NewUserDialog.cpp" line="+42"/>
        <location line="+130"/>
        <source>New user</source>
        <translation>Nouvel utilisateur</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>At least %n characters</source>
        <translation>
            <numerusform>Au moins %n caractère</numerusform>
            <numerusform>Au moins %n caractères</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optional, %1 to %2 digits for the register</source>
        <translation>Facultatif, %1 à %2 chiffres pour la caisse</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>Adresse &amp;e-mail :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;hone:</source>
        <translation>Télép&amp;hone :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Role:</source>
        <translation>&amp;Rôle :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repea&amp;t password:</source>
        <translation>Répé&amp;ter le mot de passe :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;IN:</source>
        <translation>Code P&amp;IN :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Create user</source>
        <translation>&amp;Créer l&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Enter the user&apos;s first name.</source>
        <translation>Saisissez le prénom de l&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the user&apos;s last name.</source>
        <translation>Saisissez le nom de l&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the user&apos;s e-mail address: it is the name they sign in with.</source>
        <translation>Saisissez l&apos;adresse e-mail de l&apos;utilisateur : c&apos;est l&apos;identifiant avec lequel il se connecte.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation>Les deux mots de passe ne sont pas identiques. Saisissez de nouveau le mot de passe dans les deux champs.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Creating the account…</source>
        <translation>Création du compte…</translation>
    </message>
</context>
<context>
    <name>sk::NotificationTableModel</name>
    <message>
        <location filename="../models/NotificationTableModel.cpp" line="+58"/>
        <source>Sent %1</source>
        <translation>Envoyé le %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry at %1</source>
        <translation>Nouvel essai à %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Queued</source>
        <translation>En file d&apos;attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>sk::NotificationsPage</name>
    <message>
        <location filename="../ui/notifications/NotificationsPage.cpp" line="+44"/>
        <source>To: %1</source>
        <translation>À : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject: %1</source>
        <translation>Objet : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued: %1</source>
        <translation>Mis en file d&apos;attente : %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Status: %1, %n attempt(s)</source>
        <translation>
            <numerusform>Statut : %1, %n tentative</numerusform>
            <numerusform>Statut : %1, %n tentatives</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent: %1</source>
        <translation>Envoyé : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next attempt: %1</source>
        <translation>Prochaine tentative : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last error: %1</source>
        <translation>Dernière erreur : %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All kinds</source>
        <translation>Tous les types</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search by recipient</source>
        <translation>Rechercher par destinataire</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the selected failed message again (Ctrl+R)</source>
        <translation>Renvoyer le message en échec sélectionné (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Choose a message to read it.</source>
        <translation>Choisissez un message pour le lire.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Outbox</source>
        <translation>Boîte d&apos;envoi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mail server</source>
        <translation>Serveur de messagerie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail to customers and staff: order updates, refunds, low stock and password resets, as they are sent.</source>
        <translation>E-mails aux clients et au personnel : suivi des commandes, remboursements, stock bas et réinitialisations de mot de passe, au fil de leur envoi.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n message(s) shown, scroll for more</source>
        <translation>
            <numerusform>%n message affiché, faites défiler pour en voir plus</numerusform>
            <numerusform>%n messages affichés, faites défiler pour en voir plus</numerusform>
        </translation>
    </message>
    <message>
        <location line="+86"/>
        <source>The message is queued again and will be sent shortly.</source>
        <translation>Le message est de nouveau en file d&apos;attente et sera envoyé sous peu.</translation>
    </message>
</context>
<context>
    <name>sk::OpenShiftDialog</name>
    <message>
        <location filename="../ui/register/OpenShiftDialog.cpp" line="+29"/>
        <source>Open shift</source>
        <translation>Ouvrir la session</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No shift is open on this register. Count the cash in the drawer and type it as the float.</source>
        <translation>Aucune session n&apos;est ouverte sur cette caisse. Comptez les espèces du tiroir-caisse et saisissez-les comme fond de caisse.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cash &amp;float:</source>
        <translation>&amp;Fond de caisse :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open shift</source>
        <translation>&amp;Ouvrir la session</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Type the float as an amount, e.g. 150.00 (0 for an empty drawer).</source>
        <translation>Saisissez le fond de caisse sous forme de montant, p. ex. 150.00 (0 pour un tiroir-caisse vide).</translation>
    </message>
</context>
<context>
    <name>sk::OrderDetailPanel</name>
    <message>
        <location filename="../ui/orders/OrderDetailPanel.cpp" line="+13"/>
        <source>Con&amp;firm</source>
        <translation>Con&amp;firmer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start &amp;processing</source>
        <translation>Commencer le &amp;traitement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;hip…</source>
        <translation>&amp;Expédier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark &amp;delivered</source>
        <translation>Marquer comme &amp;livrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ca&amp;ncel order…</source>
        <translation>A&amp;nnuler la commande…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refund lines…</source>
        <translation>&amp;Rembourser des lignes…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Returned</source>
        <translation>Retourné</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Tender</source>
        <translation>Moyen de paiement</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+2"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <location line="+1"/>
        <source>When</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Records the carrier and tracking number; the reserved stock leaves the shop.</source>
        <translation>Enregistre le transporteur et le numéro de suivi ; le stock réservé quitte la boutique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Releases the reserved stock and refunds what was paid.</source>
        <translation>Libère le stock réservé et rembourse les montants payés.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gives lines back, restocked or written off, to the original payment.</source>
        <translation>Reprend des lignes, remises en stock ou passées en perte, sur le paiement d&apos;origine.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Lines</source>
        <translation>Li&amp;gnes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pa&amp;yments</source>
        <translation>Pa&amp;iements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;funds</source>
        <translation>Rem&amp;boursements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeline</source>
        <translation>&amp;Historique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Addr&amp;esses</source>
        <translation>A&amp;dresses</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No order chosen</source>
        <translation>Aucune commande choisie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose an order in the list (Enter shows it here).</source>
        <translation>Choisissez une commande dans la liste (Enter l&apos;affiche ici).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Order %1 · %2</source>
        <translation>Commande %1 · %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer: %1</source>
        <translation>Client : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No customer</source>
        <translation>Aucun client</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clerk: %1</source>
        <translation>Caissier : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shipped with %1, tracking %2</source>
        <translation>Expédiée avec %1, suivi %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subtotal %1 · Discount %2 · Tax %3</source>
        <translation>Sous-total %1 · Remise %2 · Taxe %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · Shipping %1</source>
        <translation> · Livraison %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · Total %1</source>
        <translation> · Total %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · Paid %1</source>
        <translation> · Payé %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · Refunded %1</source>
        <translation> · Remboursé %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the lines of your own products are shown.</source>
        <translation>Seules les lignes de vos propres produits sont affichées.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (written off: %1)</source>
        <translation> (passé en perte : %1)</translation>
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
        <translation>Vendue en magasin%1 : aucune adresse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This order has no addresses.</source>
        <translation>Cette commande n&apos;a aucune adresse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ship to:</source>
        <translation>Livrer à :</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bill to:</source>
        <translation>Facturer à :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shipping address</source>
        <translation>L&apos;adresse de livraison</translation>
    </message>
</context>
<context>
    <name>sk::OrderFilterBar</name>
    <message>
        <location filename="../ui/orders/OrderFilterBar.cpp" line="+69"/>
        <location line="+1"/>
        <source>Any day</source>
        <translation>N&apos;importe quel jour</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Vendor:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cl&amp;erk:</source>
        <translation>Ca&amp;issier :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;lear filters</source>
        <translation>Effacer &amp;les filtres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open (pending, confirmed, processing)</source>
        <translation>Ouvertes (en attente, confirmées, en traitement)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatut :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Both channels</source>
        <translation>Les deux canaux</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;hannel:</source>
        <translation>Ca&amp;nal :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;From:</source>
        <translation>&amp;Du :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;o:</source>
        <translation>&amp;Au :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first day of the orders shown.</source>
        <translation>Le premier jour des commandes affichées.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last day of the orders shown (included).</source>
        <translation>Le dernier jour des commandes affichées (inclus).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name or e-mail</source>
        <translation>Nom ou e-mail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;ustomer:</source>
        <translation>Cli&amp;ent :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All vendors</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All clerks</source>
        <translation>Tous les caissiers</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant :</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>The lowest amount “%1” is not an amount. Type it like 12.50.</source>
        <translation>Le montant minimal « %1 » n&apos;est pas un montant. Saisissez-le comme 12.50.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The highest amount “%1” is not an amount. Type it like 12.50.</source>
        <translation>Le montant maximal « %1 » n&apos;est pas un montant. Saisissez-le comme 12.50.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The lowest amount is above the highest amount. Swap them or clear one.</source>
        <translation>Le montant minimal dépasse le montant maximal. Inversez-les ou effacez-en un.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first day is after the last day. Swap them or clear one.</source>
        <translation>Le premier jour est postérieur au dernier. Inversez-les ou effacez-en un.</translation>
    </message>
</context>
<context>
    <name>sk::OrderTableModel</name>
    <message>
        <location filename="../models/OrderTableModel.cpp" line="+55"/>
        <source>The lines of your own products only.</source>
        <translation>Uniquement les lignes de vos propres produits.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
</context>
<context>
    <name>sk::OrdersPage</name>
    <message>
        <location filename="../ui/orders/OrdersPage.cpp" line="+84"/>
        <location line="+327"/>
        <source>Change &amp;status…</source>
        <translation>Modifier le &amp;statut…</translation>
    </message>
    <message>
        <location line="-326"/>
        <source>Reloa&amp;d</source>
        <translation>Rechar&amp;ger</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find orders</source>
        <translation>Rechercher des commandes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Order number, or the customer&apos;s name or e-mail</source>
        <translation>Numéro de commande, ou nom ou e-mail du client</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;earch:</source>
        <translation>Rec&amp;hercher :</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Moves every selected order to another status.</source>
        <translation>Fait passer chaque commande sélectionnée à un autre statut.</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+94"/>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>Counting orders…</source>
        <translation>Comptage des commandes…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No order matches</source>
        <translation>Aucune commande ne correspond</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No orders yet</source>
        <translation>Aucune commande pour l&apos;instant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 order</source>
        <translation>1 commande</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 orders</source>
        <translation>%1 commandes</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Change &amp;status of %1 orders…</source>
        <translation>Modifier le &amp;statut de %1 commandes…</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Order %1 is now “%2”.</source>
        <translation>La commande %1 est maintenant « %2 ».</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Order %1 shipped with %2, tracking %3.</source>
        <translation>Commande %1 expédiée avec %2, suivi %3.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancel order %1</source>
        <translation>Annuler la commande %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelling releases the reserved stock and refunds what was paid (%1). Why is the order cancelled?</source>
        <translation>L&apos;annulation libère le stock réservé et rembourse les montants payés (%1). Pourquoi la commande est-elle annulée ?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel the order</source>
        <translation>Annuler la commande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the order</source>
        <translation>Conserver la commande</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why the order is cancelled; nothing was changed.</source>
        <translation>Indiquez pourquoi la commande est annulée ; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Order %1 is cancelled.</source>
        <translation>La commande %1 est annulée.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Refund lines of order %1</source>
        <translation>Rembourser des lignes de la commande %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>1 order is now “%1”.</source>
        <translation>1 commande est maintenant « %1 ».</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 orders are now “%2”.</source>
        <translation>%1 commandes sont maintenant « %2 ».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 kept its status:</source>
        <translation>1 a gardé son statut :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 kept their status:</source>
        <translation>%1 ont gardé leur statut :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(and %1 more)</source>
        <translation>(et %1 de plus)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No order was changed. Try again.</source>
        <translation>Aucune commande n&apos;a été modifiée. Réessayez.</translation>
    </message>
</context>
<context>
    <name>sk::ParkedCartsDialog</name>
    <message>
        <location filename="../ui/register/ParkedCartsDialog.cpp" line="+17"/>
        <source>Parked sales</source>
        <translation>Ventes en attente</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Parked sale</source>
        <translation>Vente en attente</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 · %n item(s) · %2 · %3</source>
        <translation>
            <numerusform>%1 · %n article · %2 · %3</numerusform>
            <numerusform>%1 · %n articles · %2 · %3</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Recall</source>
        <translation>&amp;Reprendre</translation>
    </message>
</context>
<context>
    <name>sk::PaymentDialog</name>
    <message>
        <location filename="../ui/register/PaymentDialog.cpp" line="+64"/>
        <source>&amp;Void payment</source>
        <translation>&amp;Annuler le paiement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash (F1)</source>
        <translation>Espèces (F1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take &amp;cash</source>
        <translation>Encaisser en &amp;espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card (F3)</source>
        <translation>Carte (F3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Charge c&amp;ard</source>
        <translation>Débiter la &amp;carte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop waiting</source>
        <translation>Ne plus attendre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Other tender</source>
        <translation>Autre &amp;moyen de paiement</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Receipt</source>
        <translation>&amp;Ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New sale</source>
        <translation>&amp;Nouvelle vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payments taken</source>
        <translation>Paiements encaissés</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Amount handed over</source>
        <translation>Montant remis</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Due</source>
        <translation>Dû</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change</source>
        <translation>Rendu</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Amount:</source>
        <translation>Montant :</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting for the card terminal…</source>
        <translation>En attente du terminal de paiement…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No longer waiting. If the card terminal approves, the payment appears here.</source>
        <translation>Attente interrompue. Si le terminal de paiement approuve, le paiement apparaîtra ici.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&amp;Print…</source>
        <translation>Im&amp;primer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as P&amp;DF…</source>
        <translation>Enregistrer en P&amp;DF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Receipt printer</source>
        <translation>Imprimante à t&amp;ickets</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Exact %1</source>
        <translation>Montant exact %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Type an amount above zero, e.g. 20 or 12.50.</source>
        <translation>Saisissez un montant supérieur à zéro, p. ex. 20 ou 12.50.</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>The card was declined. Ask for another card or take another tender.</source>
        <translation>La carte a été refusée. Demandez une autre carte ou choisissez un autre moyen de paiement.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The card terminal has not answered yet. Retry to ask again, or take another tender.</source>
        <translation>Le terminal de paiement n&apos;a pas encore répondu. Réessayez pour redemander, ou choisissez un autre moyen de paiement.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The payment was voided; give the money back if it was cash.</source>
        <translation>Le paiement a été annulé ; rendez l&apos;argent s&apos;il a été payé en espèces.</translation>
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
        <translation>Ticket %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid in full. Enter starts the next sale.</source>
        <translation>Payé intégralement. Entrée lance la vente suivante.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give back %1 in change. Enter starts the next sale.</source>
        <translation>Rendez %1 de monnaie. Entrée lance la vente suivante.</translation>
    </message>
</context>
<context>
    <name>sk::PaymentSettingsForm</name>
    <message>
        <location filename="../ui/settings/PaymentSettingsForm.cpp" line="+51"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>https://gateway.example.com</source>
        <translation>https://gateway.example.com</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The terminal&apos;s id as the payment service knows it, for example R1.</source>
        <translation>L&apos;identifiant du terminal tel que le connaît le service de paiement, par exemple R1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long the register waits for each answer before it asks again.</source>
        <translation>Durée pendant laquelle la caisse attend chaque réponse avant de redemander.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asks the payment service about a payment that does not exist, with the address and key above; nothing is charged.</source>
        <translation>Interroge le service de paiement sur un paiement inexistant, avec l&apos;adresse et la clé ci-dessus ; rien n&apos;est débité.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Leave empty to take cash only: the register then offers no card payments.</source>
        <translation>Laissez vide pour n&apos;accepter que les espèces : la caisse ne propose alors aucun paiement par carte.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gateway &amp;address:</source>
        <translation>&amp;Adresse de la passerelle :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;key:</source>
        <translation>&amp;Clé API :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ter&amp;minal id:</source>
        <translation>Identifiant du ter&amp;minal :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time&amp;out:</source>
        <translation>Dé&amp;lai :</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No key saved</source>
        <translation>Aucune clé enregistrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The key the payment service gave the shop.</source>
        <translation>La clé que le service de paiement a fournie à la boutique.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A key is saved</source>
        <translation>Une clé est enregistrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A key is saved. Leave the field empty to keep it, or type a new key to replace it.</source>
        <translation>Une clé est enregistrée. Laissez le champ vide pour la conserver, ou saisissez une nouvelle clé pour la remplacer.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Enter the gateway&apos;s address first. Without one the register takes cash only.</source>
        <translation>Saisissez d&apos;abord l&apos;adresse de la passerelle. Sans elle, la caisse n&apos;accepte que les espèces.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Asking the payment service…</source>
        <translation>Interrogation du service de paiement…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The payment service refused this API key. Enter the key it gave the shop.</source>
        <translation>Le service de paiement a refusé cette clé API. Saisissez la clé qu&apos;il a fournie à la boutique.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The payment service answered and accepted the API key.</source>
        <translation>Le service de paiement a répondu et accepté la clé API.</translation>
    </message>
</context>
<context>
    <name>sk::PriceOverrideDialog</name>
    <message>
        <location filename="../ui/register/PriceOverrideDialog.cpp" line="+35"/>
        <source>Price of %1</source>
        <translation>Prix de %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why, e.g. price match</source>
        <translation>Motif, p. ex. alignement sur un prix concurrent</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog price:</source>
        <translation>Prix catalogue :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New price:</source>
        <translation>&amp;Nouveau prix :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>Mo&amp;tif :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the catalog price</source>
        <translation>Revenir au prix catalogue</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Type the new price as an amount, e.g. 4.99.</source>
        <translation>Saisissez le nouveau prix sous forme de montant, p. ex. 4.99.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why the price is changed.</source>
        <translation>Indiquez pourquoi le prix est modifié.</translation>
    </message>
</context>
<context>
    <name>sk::ProductEditorAttributes</name>
    <message>
        <location filename="../ui/catalog/ProductEditorAttributes.cpp" line="+16"/>
        <source>Add &amp;attribute</source>
        <translation>&amp;Ajouter un attribut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove attribute</source>
        <translation>&amp;Supprimer l&apos;attribut</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>add attribute</source>
        <translation>ajouter un attribut</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>remove attribute %1</source>
        <translation>supprimer l&apos;attribut %1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>rename attribute %1</source>
        <translation>renommer l&apos;attribut %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit attribute %1</source>
        <translation>modifier l&apos;attribut %1</translation>
    </message>
</context>
<context>
    <name>sk::ProductEditorDialog</name>
    <message>
        <location filename="../ui/catalog/ProductEditorDialog.cpp" line="+78"/>
        <source>&amp;Add variant</source>
        <translation>&amp;Ajouter une variante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move variant</source>
        <translation>Supp&amp;rimer la variante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Generate variants…</source>
        <translation>&amp;Générer des variantes…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Add pictures…</source>
        <translation>&amp;Ajouter des images…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move picture</source>
        <translation>Retirer l&apos;i&amp;mage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move &amp;earlier</source>
        <translation>Placer a&amp;vant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move &amp;later</source>
        <translation>Placer a&amp;près</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Details</source>
        <translation>&amp;Détails</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variants</source>
        <translation>&amp;Variantes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pictures</source>
        <translation>&amp;Images</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A&amp;ttributes</source>
        <translation>A&amp;ttributs</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save the product (%1)</source>
        <translation>Enregistrer le produit (%1)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Made from the name when empty</source>
        <translation>Dérivé du nom s&apos;il est vide</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Web name:</source>
        <translation>Nom &amp;web :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Brand:</source>
        <translation>&amp;Marque :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;escription:</source>
        <translation>Descri&amp;ption :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vend&amp;or:</source>
        <translation>F&amp;ournisseur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Category:</source>
        <translation>&amp;Catégorie :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stat&amp;us:</source>
        <translation>Stat&amp;ut :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ta&amp;x class:</source>
        <translation>Classe de ta&amp;xe :</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>edit name</source>
        <translation>modifier le nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit web name</source>
        <translation>modifier le nom web</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit brand</source>
        <translation>modifier la marque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit description</source>
        <translation>modifier la description</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change vendor</source>
        <translation>changer de fournisseur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change category</source>
        <translation>changer de catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change status</source>
        <translation>changer de statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change tax class</source>
        <translation>changer de classe de taxe</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Amounts in the shop&apos;s currency, like 19.99. Weight in grams. Double-click or type to edit a cell.</source>
        <translation>Montants dans la devise de la boutique, comme 19.99. Poids en grammes. Double-cliquez sur une cellule ou tapez pour la modifier.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>What the picture shows, for screen readers and the web shop</source>
        <translation>Ce que montre l&apos;image, pour les lecteurs d&apos;écran et la boutique en ligne</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>reorder pictures</source>
        <translation>réorganiser les images</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The first picture is the one lists and the web shop show. Drag a picture or use the buttons to change the order.</source>
        <translation>La première image est celle qu&apos;affichent les listes et la boutique en ligne. Faites glisser une image ou utilisez les boutons pour changer l&apos;ordre.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Desc&amp;ription:</source>
        <translation>Desc&amp;ription :</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No category</source>
        <translation>Aucune catégorie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The shop itself</source>
        <translation>La boutique elle-même</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Vendor %1</source>
        <translation>Fournisseur %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Category %1</source>
        <translation>Catégorie %1</translation>
    </message>
    <message>
        <location line="+152"/>
        <source>add variant</source>
        <translation>ajouter une variante</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>remove variants %1</source>
        <translation>supprimer les variantes %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>generate variants</source>
        <translation>générer des variantes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Add pictures</source>
        <translation>Ajouter des images</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>add pictures</source>
        <translation>ajouter des images</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>add picture</source>
        <translation>ajouter une image</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>remove picture %1</source>
        <translation>retirer l&apos;image %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>move picture %1</source>
        <translation>déplacer l&apos;image %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>describe picture %1</source>
        <translation>décrire l&apos;image %1</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>The value &quot;%1&quot; has no attribute name. Name it or remove the row.</source>
        <translation>La valeur « %1 » n&apos;a pas de nom d&apos;attribut. Nommez-la ou supprimez la ligne.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+22"/>
        <source>Save product</source>
        <translation>Enregistrer le produit</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Reload the product</source>
        <translation>&amp;Recharger le produit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keep my changes</source>
        <translation>&amp;Conserver mes modifications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reloading shows the saved product and drops your unsaved changes.</source>
        <translation>Recharger affiche le produit enregistré et abandonne vos modifications non enregistrées.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the changes to this product before closing?</source>
        <translation>Enregistrer les modifications de ce produit avant de fermer ?</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Product – %1[*]</source>
        <translation>Produit – %1[*]</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unnamed</source>
        <translation>sans nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New product[*]</source>
        <translation>Nouveau produit[*]</translation>
    </message>
</context>
<context>
    <name>sk::ProductSearchPopup</name>
    <message>
        <location filename="../ui/register/ProductSearchPopup.cpp" line="+38"/>
        <source>Find an item</source>
        <translation>Rechercher un article</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name or SKU</source>
        <translation>Nom ou SKU</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Matching items</source>
        <translation>Articles correspondants</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing matches “%1”.</source>
        <translation>Rien ne correspond à « %1 ».</translation>
    </message>
</context>
<context>
    <name>sk::ProductTableModel</name>
    <message>
        <location filename="../models/ProductTableModel.cpp" line="+314"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No longer available</source>
        <translation>Plus disponible</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1 out of 5 from %Ln review(s)</source>
        <translation>
            <numerusform>%1 sur 5 d&apos;après %Ln avis</numerusform>
            <numerusform>%1 sur 5 d&apos;après %Ln avis</numerusform>
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
        <translation>Image</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brand</source>
        <translation>Marque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variants</source>
        <translation>Variantes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
</context>
<context>
    <name>sk::ReceiptPrinterForm</name>
    <message>
        <location filename="../ui/settings/ReceiptPrinterForm.cpp" line="+43"/>
        <source>Open the cash &amp;drawer when a sale or refund involves cash</source>
        <translation>Ouvrir le &amp;tiroir-caisse lorsqu&apos;une vente ou un remboursement implique des espèces</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>None: the print dialog or a PDF</source>
        <translation>Aucune : la boîte de dialogue d&apos;impression ou un PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network receipt printer (ESC/POS)</source>
        <translation>Imprimante de tickets réseau (ESC/POS)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>IP address or host name, e.g. 192.168.1.50</source>
        <translation>Adresse IP ou nom d&apos;hôte, p. ex. 192.168.1.50</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receipt printers take print jobs on port %1.</source>
        <translation>Les imprimantes de tickets acceptent les impressions sur le port %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>32 characters (58 mm paper)</source>
        <translation>32 caractères (papier 58 mm)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>42 characters (80 mm paper)</source>
        <translation>42 caractères (papier 80 mm)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>48 characters (80 mm paper, small font)</source>
        <translation>48 caractères (papier 80 mm, petite police)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CP858: Western European with €</source>
        <translation>CP858 : Europe occidentale avec €</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CP437: US, without €</source>
        <translation>CP437 : États-Unis, sans €</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Printer:</source>
        <translation>&amp;Imprimante :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper &amp;width:</source>
        <translation>&amp;Largeur du papier :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code pa&amp;ge:</source>
        <translation>&amp;Page de codes :</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>For this computer&apos;s register, %1. The Register page chooses which register it is.</source>
        <translation>Pour la caisse de cet ordinateur, %1. La page Caisse choisit de quelle caisse il s&apos;agit.</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n characters</source>
        <translation>
            <numerusform>%n caractère</numerusform>
            <numerusform>%n caractères</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Enter the receipt printer&apos;s IP address (for example 192.168.1.50) or host name, or choose no printer.</source>
        <translation>Saisissez l&apos;adresse IP (par exemple 192.168.1.50) ou le nom d&apos;hôte de l&apos;imprimante de tickets, ou choisissez aucune imprimante.</translation>
    </message>
</context>
<context>
    <name>sk::ReceiveDialog</name>
    <message>
        <location filename="../ui/inventory/ReceiveDialog.cpp" line="+39"/>
        <source>&amp;Receive</source>
        <translation>Récep&amp;tionner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move line</source>
        <translation>Retirer la &amp;ligne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receive stock</source>
        <translation>Réception de marchandises</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who delivered</source>
        <translation>Qui a livré</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their delivery note or invoice number</source>
        <translation>Numéro de bon de livraison ou de facture du fournisseur</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Supplier:</source>
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;eference:</source>
        <translation>&amp;Référence :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Location:</source>
        <translation>&amp;Emplacement :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;can:</source>
        <translation>&amp;Scanner :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Takes the selected line off the receipt (Ctrl+Del).</source>
        <translation>Retire la ligne sélectionnée de la réception (Ctrl+Suppr).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Posts the receipt (Ctrl+Enter).</source>
        <translation>Valide la réception (Ctrl+Entrée).</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Lines: %1 · units: %2</source>
        <translation>Lignes : %1 · unités : %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · cost: %2</source>
        <translation>%1 · coût : %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose where the delivery goes.</source>
        <translation>Choisissez l&apos;emplacement où va la livraison.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Received %1 units into %2 (receipt %3).</source>
        <translation>%1 unités réceptionnées à l&apos;emplacement %2 (réception %3).</translation>
    </message>
</context>
<context>
    <name>sk::RegisterPage</name>
    <message>
        <location filename="../ui/register/RegisterPage.cpp" line="+111"/>
        <source>Scan an item, or type a barcode or SKU (3* before it for three units)</source>
        <translation>Scannez un article, ou saisissez un code-barres ou un SKU (3* devant pour trois unités)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Scan:</source>
        <translation>&amp;Scanner :</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This register</source>
        <translation>Cette caisse</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shift (F8)</source>
        <translation>Session (F8)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Cart</source>
        <translation>Panier</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>F2 Find · F4 Quantity · F6 Discount (Shift: sale) · F7 Price · Del Remove · F9 Customer · F10 Park (Shift: recall) · F11 Return · F12 Pay</source>
        <translation>F2 Rechercher · F4 Quantité · F6 Remise (Shift : vente) · F7 Prix · Del Retirer · F9 Client · F10 Mettre en attente (Shift : reprendre) · F11 Retour · F12 Payer</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Find an item</source>
        <translation>Rechercher un article</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+450"/>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location line="-449"/>
        <source>Discount on the line</source>
        <translation>Remise sur la ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount on the sale</source>
        <translation>Remise sur la vente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price override</source>
        <translation>Prix forcé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove line</source>
        <translation>Retirer la ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+572"/>
        <source>Park the sale</source>
        <translation>Mettre la vente en attente</translation>
    </message>
    <message>
        <location line="-571"/>
        <source>Recall a parked sale</source>
        <translation>Reprendre une vente en attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Return…</source>
        <translation>Retour…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay</source>
        <translation>Payer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift</source>
        <translation>Session</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open shift…</source>
        <translation>&amp;Ouvrir la session…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash &amp;in or out…</source>
        <translation>&amp;Entrée ou sortie d&apos;espèces…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;X report</source>
        <translation>Rapport &amp;X</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close shift…</source>
        <translation>&amp;Clôturer la session…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Return…</source>
        <translation>&amp;Retour…</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Type a quantity from 1 to %1 before the *.</source>
        <translation>Saisissez une quantité de 1 à %1 avant le *.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select a line first, or scan an item after the *.</source>
        <translation>Sélectionnez d&apos;abord une ligne, ou scannez un article après le *.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The register is still loading; try again in a moment.</source>
        <translation>La caisse est encore en cours de chargement ; réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No shift is open on this register. Open one with the cash float (F8) before the first sale.</source>
        <translation>Aucune session n&apos;est ouverte sur cette caisse. Ouvrez-en une avec le fond de caisse (F8) avant la première vente.</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Register %1</source>
        <translation>Caisse %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk: %1</source>
        <translation>Caissier : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift open since %1</source>
        <translation>Session ouverte depuis %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No shift open</source>
        <translation>Aucune session ouverte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No customer</source>
        <translation>Aucun client</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Customer: %1</source>
        <translation>Client : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+151"/>
        <source>The cart is empty: scan an item first.</source>
        <translation>Le panier est vide : scannez d&apos;abord un article.</translation>
    </message>
    <message>
        <location line="-147"/>
        <source>Open a shift with the cash float first (F8).</source>
        <translation>Ouvrez d&apos;abord une session avec le fond de caisse (F8).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Sale %1 complete.</source>
        <translation>Vente %1 terminée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale %1 complete. Change: %2</source>
        <translation>Vente %1 terminée. Rendu : %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+50"/>
        <location line="+28"/>
        <location line="+31"/>
        <source>Select a line first (Up and Down in the scan box).</source>
        <translation>Sélectionnez d&apos;abord une ligne (flèches haut et bas dans le champ de scan).</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Quantity of %1 (0 removes the line):</source>
        <translation>Quantité de %1 (0 retire la ligne) :</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>The cart is empty: there is nothing to park.</source>
        <translation>Le panier est vide : il n&apos;y a rien à mettre en attente.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A name to find it by when it is recalled:</source>
        <translation>Un nom pour la retrouver au moment de la reprendre :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Parked at %1</source>
        <translation>Mise en attente à %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Parked as “%1”. Shift+F10 brings it back.</source>
        <translation>Mise en attente sous « %1 ». Shift+F10 la reprend.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No sales are parked on this register.</source>
        <translation>Aucune vente n&apos;est en attente sur cette caisse.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>A shift is already open on this register.</source>
        <translation>Une session est déjà ouverte sur cette caisse.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The shift is open. Scan the first item.</source>
        <translation>La session est ouverte. Scannez le premier article.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open a shift first (F8).</source>
        <translation>Ouvrez d&apos;abord une session (F8).</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No shift is open on this register.</source>
        <translation>Aucune session n&apos;est ouverte sur cette caisse.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finish or park the sale in the cart before closing the shift.</source>
        <translation>Terminez la vente du panier ou mettez-la en attente avant de clôturer la session.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The shift is closed. Open a new one with F8 before the next sale.</source>
        <translation>La session est clôturée. Ouvrez-en une nouvelle avec F8 avant la vente suivante.</translation>
    </message>
</context>
<context>
    <name>sk::ReportRangeBar</name>
    <message>
        <location filename="../ui/reports/ReportRangeBar.cpp" line="+15"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last month</source>
        <translation>Mois dernier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This year</source>
        <translation>Cette année</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range</source>
        <translation>Période personnalisée</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Period:</source>
        <translation>Pér&amp;iode :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;From:</source>
        <translation>&amp;Du :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;o:</source>
        <translation>&amp;Au :</translation>
    </message>
</context>
<context>
    <name>sk::ReportsPage</name>
    <message>
        <location filename="../ui/reports/ReportsPage.cpp" line="+47"/>
        <source>&amp;By:</source>
        <translation>&amp;Par :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;CSV…</source>
        <translation>Exporter en &amp;CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export P&amp;DF…</source>
        <translation>Exporter en P&amp;DF…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Week</source>
        <translation>Semaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Report:</source>
        <translation>&amp;Rapport :</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Report figures</source>
        <translation>Chiffres du rapport</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s sales, refunds, tax and stock over the business days you pick.</source>
        <translation>Ventes, remboursements, taxes et stock de la boutique sur les jours ouvrés choisis.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sales of your products over the business days you pick.</source>
        <translation>Les ventes de vos produits sur les jours ouvrés choisis.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Sales over time</source>
        <translation>Ventes dans le temps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales by category</source>
        <translation>Ventes par catégorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales by vendor</source>
        <translation>Ventes par fournisseur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sales by clerk</source>
        <translation>Ventes par caissier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payments by tender</source>
        <translation>Paiements par moyen de paiement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top products</source>
        <translation>Meilleurs produits</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refunds</source>
        <translation>Remboursements</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tax</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discounts</source>
        <translation>Remises</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inventory value</source>
        <translation>Valeur du stock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Low stock</source>
        <translation>Stock bas</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The first day is after the last day. Pick a first day on or before the last.</source>
        <translation>Le premier jour est postérieur au dernier. Choisissez un premier jour égal ou antérieur au dernier.</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>The first %1 items to reorder, emptiest first. The Inventory page lists and exports them all.</source>
        <translation>Les %1 premiers articles à réapprovisionner, les plus vides d&apos;abord. La page Stock les liste et les exporte tous.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stock on hand now</source>
        <translation>Stock actuel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No sales or refunds in this range. Pick another range above.</source>
        <translation>Aucune vente ni aucun remboursement sur cette période. Choisissez une autre période ci-dessus.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>Saved %1.</source>
        <translation>%1 enregistré.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Export PDF</source>
        <translation>Exporter en PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>sk::ReturnDialog</name>
    <message>
        <location filename="../ui/register/ReturnDialog.cpp" line="+37"/>
        <source>&amp;Give back</source>
        <translation>&amp;Rembourser</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Scan or type the receipt number, e.g. R1-000042, then Enter</source>
        <translation>Scannez ou saisissez le numéro de ticket, p. ex. R1-000042, puis Entrée</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sold</source>
        <translation>Vendu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Goods</source>
        <translation>Marchandise</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write-off reason</source>
        <translation>Motif de mise au rebut</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>To the original tender</source>
        <translation>Sur le moyen de paiement d&apos;origine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In cash</source>
        <translation>En espèces</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why, e.g. wrong size</source>
        <translation>Motif, p. ex. mauvaise taille</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Receipt:</source>
        <translation>&amp;Ticket :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refund:</source>
        <translation>Remboursement :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;eason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount:</source>
        <translation>Montant :</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Sale %1 of %2: %3 paid, %4 refunded so far.</source>
        <translation>Vente %1 du %2 : %3 payé, %4 remboursé jusqu&apos;ici.</translation>
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
        <translation> sur %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back on the shelf</source>
        <translation>Remis en rayon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write off</source>
        <translation>Mettre au rebut</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. broken</source>
        <translation>p. ex. cassé</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Say why %1 is written off.</source>
        <translation>Indiquez pourquoi %1 est mis au rebut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose how many units of which lines come back.</source>
        <translation>Choisissez combien d&apos;unités de quelles lignes sont retournées.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why the goods come back.</source>
        <translation>Indiquez pourquoi la marchandise est retournée.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Refunded %1 to the card. Nothing to hand over.</source>
        <translation>%1 remboursé sur la carte. Rien à remettre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hand back %1 in cash.</source>
        <translation>Rendez %1 en espèces.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hand back %1 in cash; %2 went back to the card.</source>
        <translation>Rendez %1 en espèces ; %2 ont été remboursés sur la carte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return of %1: %2</source>
        <translation>Retour de %1 : %2</translation>
    </message>
</context>
<context>
    <name>sk::ReviewDetailPanel</name>
    <message>
        <location filename="../ui/reviews/ReviewDetailPanel.cpp" line="+36"/>
        <source>Vendor&apos;s repl&amp;y:</source>
        <translation>Ré&amp;ponse du fournisseur :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save r&amp;eply</source>
        <translation>&amp;Enregistrer la réponse</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Review text</source>
        <translation>Texte de l&apos;avis</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A public answer under the review (Ctrl+Enter saves).</source>
        <translation>Une réponse publique sous l&apos;avis (Ctrl+Enter enregistre).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saves the reply; an empty reply removes it (Ctrl+Enter in the box).</source>
        <translation>Enregistre la réponse ; une réponse vide la supprime (Ctrl+Enter dans la zone).</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No review selected</source>
        <translation>Aucun avis sélectionné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a review in the list to read it, moderate it or reply.</source>
        <translation>Choisissez un avis dans la liste pour le lire, le modérer ou y répondre.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no title)</source>
        <translation>(sans titre)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>by %1 &lt;%2&gt;</source>
        <translation>par %1 &lt;%2&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verified purchase, order %1</source>
        <translation>achat vérifié, commande %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>order %1 does not hold this product</source>
        <translation>la commande %1 ne contient pas ce produit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(The customer gave stars without words.)</source>
        <translation>(Le client a donné des étoiles sans commentaire.)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 on %2</source>
        <translation>%1 le %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 by %2 on %3</source>
        <translation>%1 par %2 le %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>: “%1”</source>
        <translation> : « %1 »</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vendor&apos;s reply: %1</source>
        <translation>Réponse du fournisseur : %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 reviews selected</source>
        <translation>%1 avis sélectionnés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve, reject or hide them all at once.</source>
        <translation>Les approuver, refuser ou masquer tous en une fois.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>%1 of at most %2 characters: shorten the reply.</source>
        <translation>%1 sur %2 caractères au maximum : raccourcissez la réponse.</translation>
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
        <translation>&amp;Fournisseur :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;lear filters</source>
        <translation>Effacer &amp;les filtres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Product name, or #id</source>
        <translation>Nom du produit ou #id</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Product:</source>
        <translation>&amp;Produit :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any rating</source>
        <translation>Toutes les notes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ra&amp;ting:</source>
        <translation>No&amp;te :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any status</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Status:</source>
        <translation>&amp;Statut :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All purchases</source>
        <translation>Tous les achats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified</source>
        <translation>Vérifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not verified</source>
        <translation>Non vérifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified: the review&apos;s order holds the product.</source>
        <translation>Vérifié : la commande de l&apos;avis contient le produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pu&amp;rchase:</source>
        <translation>A&amp;chat :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All vendors</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The shop&apos;s own products</source>
        <translation>Produits propres de la boutique</translation>
    </message>
</context>
<context>
    <name>sk::ReviewTableModel</name>
    <message>
        <location filename="../models/ReviewTableModel.cpp" line="+53"/>
        <source>(no title)</source>
        <translation>(sans titre)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+49"/>
        <source>Verified</source>
        <translation>Vérifié</translation>
    </message>
    <message>
        <location line="-42"/>
        <location line="+10"/>
        <source>%1 of 5 stars</source>
        <translation>%1 étoiles sur 5</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Order %1 holds this product.</source>
        <translation>La commande %1 contient ce produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order %1 does not hold this product.</source>
        <translation>La commande %1 ne contient pas ce produit.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Rating</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>sk::ReviewsPage</name>
    <message>
        <location filename="../ui/reviews/ReviewsPage.cpp" line="+38"/>
        <source>the review of %1</source>
        <translation>l&apos;avis de %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1”</source>
        <translation>« %1 »</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 review approved.</source>
        <translation>1 avis approuvé.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 reviews approved.</source>
        <translation>%1 avis approuvés.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 review rejected.</source>
        <translation>1 avis refusé.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 reviews rejected.</source>
        <translation>%1 avis refusés.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 review hidden.</source>
        <translation>1 avis masqué.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 reviews hidden.</source>
        <translation>%1 avis masqués.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ject</source>
        <translation>Ref&amp;user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hide</source>
        <translation>&amp;Masquer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find reviews of a product</source>
        <translation>Rechercher les avis d&apos;un produit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Publishes the selected reviews; they count in the product&apos;s rating (Ctrl+Shift+A).</source>
        <translation>Publie les avis sélectionnés ; ils comptent dans la note du produit (Ctrl+Shift+A).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keeps the selected pending reviews off the shop (Ctrl+Shift+R).</source>
        <translation>Tient les avis en attente sélectionnés hors de la boutique (Ctrl+Shift+R).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes the selected reviews off the shop; they can be approved again (Ctrl+Shift+H).</source>
        <translation>Retire les avis sélectionnés de la boutique ; ils peuvent être approuvés de nouveau (Ctrl+Shift+H).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optional: why, for the record</source>
        <translation>Facultatif : pourquoi, pour mémoire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>N&amp;ote:</source>
        <translation>N&amp;ote :</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+74"/>
        <source>Reviews</source>
        <translation>Avis</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Verified</source>
        <translation>Vérifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>Approuvé</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Counting reviews…</source>
        <translation>Comptage des avis…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No review matches</source>
        <translation>Aucun avis ne correspond</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No reviews yet</source>
        <translation>Aucun avis pour l&apos;instant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 review</source>
        <translation>1 avis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 reviews</source>
        <translation>%1 avis</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Approved %1.</source>
        <translation>%1 approuvé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected %1.</source>
        <translation>%1 refusé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hid %1.</source>
        <translation>%1 masqué.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>1 review kept its status: %1</source>
        <translation>1 avis a gardé son statut : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 reviews kept their status: %2</source>
        <translation>%1 avis ont gardé leur statut : %2</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The reply was removed.</source>
        <translation>La réponse a été supprimée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The reply was saved; customers see it under the review once it is approved.</source>
        <translation>La réponse a été enregistrée ; les clients la voient sous l&apos;avis dès qu&apos;il est approuvé.</translation>
    </message>
</context>
<context>
    <name>sk::SaleReceiptPrinter</name>
    <message>
        <location filename="../ui/register/SaleReceiptPrinter.cpp" line="+38"/>
        <source>Receipt %1 printed.</source>
        <translation>Ticket %1 imprimé.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receipt %1.pdf</source>
        <translation>Ticket %1.pdf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the receipt as PDF</source>
        <translation>Enregistrer le ticket en PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Receipt %1 saved as %2.</source>
        <translation>Ticket %1 enregistré sous %2.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This register has no receipt printer. Set its address in Settings, or print through the print dialog.</source>
        <translation>Cette caisse n&apos;a pas d&apos;imprimante de tickets. Saisissez son adresse dans les Paramètres ou imprimez via la boîte de dialogue d&apos;impression.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Receipt %1 sent to the receipt printer.</source>
        <translation>Ticket %1 envoyé à l&apos;imprimante de tickets.</translation>
    </message>
</context>
<context>
    <name>sk::ScanBox</name>
    <message>
        <location filename="../ui/inventory/ScanBox.cpp" line="+12"/>
        <source>Scan or type a barcode or SKU, then Enter</source>
        <translation>Scannez ou saisissez un code-barres ou un SKU, puis Entrée</translation>
    </message>
</context>
<context>
    <name>sk::SecretDialog</name>
    <message>
        <location filename="../ui/users/SecretDialog.cpp" line="+24"/>
        <source>Set register PIN</source>
        <translation>Définir le code PIN de caisse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reset password</source>
        <translation>Réinitialiser le mot de passe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PIN lets %1 (%2) sign in quickly at the register. Choose %3 to %4 digits.</source>
        <translation>Le code PIN permet à %1 (%2) de se connecter rapidement à la caisse. Choisissez de %3 à %4 chiffres.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a new password for %1 (%2) and give it to them in person. Failed sign-ins are forgotten and the account is unlocked.</source>
        <translation>Choisissez un nouveau mot de passe pour %1 (%2) et communiquez-le-lui en personne. Les échecs de connexion sont oubliés et le compte est débloqué.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New &amp;PIN:</source>
        <translation>Nouveau code &amp;PIN :</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New &amp;password:</source>
        <translation>Nouveau &amp;mot de passe :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat PIN:</source>
        <translation>&amp;Répéter le code PIN :</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Répéter le mot de passe :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Set PIN</source>
        <translation>&amp;Définir le code PIN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reset pass&amp;word</source>
        <translation>Réinitialiser le mot de &amp;passe</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The two PINs are not the same. Type the PIN again in both fields.</source>
        <translation>Les deux codes PIN ne sont pas identiques. Saisissez de nouveau le code PIN dans les deux champs.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation>Les deux mots de passe ne sont pas identiques. Saisissez de nouveau le mot de passe dans les deux champs.</translation>
    </message>
</context>
<context>
    <name>sk::SettingsPage</name>
    <message>
        <location filename="../ui/settings/SettingsPage.cpp" line="+21"/>
        <source>Re&amp;vert</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storekeeper locks itself after this many minutes without keyboard or mouse input.</source>
        <translation>Storekeeper se verrouille après ce nombre de minutes sans utilisation du clavier ni de la souris.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printed at the bottom of every receipt, e.g. opening hours or the return policy.</source>
        <translation>Imprimé au bas de chaque ticket de caisse, par ex. les horaires d&apos;ouverture ou la politique de retour.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Lock after idle:</source>
        <translation>&amp;Verrouiller après inactivité :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt &amp;footer:</source>
        <translation>&amp;Pied de page du ticket :</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receipt printer</source>
        <translation>Imprimante de tickets</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save (%1)</source>
        <translation>Enregistrer (%1)</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>Save settings</source>
        <translation>Enregistrer les paramètres</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save payment settings</source>
        <translation>Enregistrer les paramètres de paiement</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Save receipt printer settings</source>
        <translation>Enregistrer les paramètres de l&apos;imprimante de tickets</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings saved.</source>
        <translation>Paramètres enregistrés.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+14"/>
        <source>Revert settings</source>
        <translation>Rétablir les paramètres</translation>
    </message>
</context>
<context>
    <name>sk::SetupDialog</name>
    <message>
        <location filename="../ui/auth/SetupDialog.cpp" line="+38"/>
        <source>Set up your shop</source>
        <translation>Configurer votre boutique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome to Storekeeper. Enter your shop&apos;s details and create the administrator account you will sign in with. Everything can be changed later in Settings.</source>
        <translation>Bienvenue dans Storekeeper. Saisissez les coordonnées de votre boutique et créez le compte administrateur avec lequel vous vous connecterez. Vous pourrez tout modifier plus tard dans les Paramètres.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Shop</source>
        <translation>Boutique</translation>
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
            <numerusform>Au moins %n caractère</numerusform>
            <numerusform>Au moins %n caractères</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>First administrator</source>
        <translation>Premier administrateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Last name:</source>
        <translation>N&amp;om :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>Adresse &amp;e-mail :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Répéter le mot de passe :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create &amp;shop</source>
        <translation>&amp;Créer la boutique</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Enter the administrator&apos;s first and last name.</source>
        <translation>Saisissez le prénom et le nom de l&apos;administrateur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the administrator&apos;s e-mail address: it is the name you sign in with.</source>
        <translation>Saisissez l&apos;adresse e-mail de l&apos;administrateur : c&apos;est l&apos;identifiant avec lequel vous vous connecterez.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The two passwords are not the same. Type the password again in both fields.</source>
        <translation>Les deux mots de passe ne sont pas identiques. Saisissez de nouveau le mot de passe dans les deux champs.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Creating the shop…</source>
        <translation>Création de la boutique…</translation>
    </message>
</context>
<context>
    <name>sk::ShiftReportDialog</name>
    <message>
        <location filename="../ui/register/ShiftReportDialog.cpp" line="+21"/>
        <source>Z report</source>
        <translation>Rapport Z</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>X report</source>
        <translation>Rapport X</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Print…</source>
        <translation>Im&amp;primer…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>%1 by %2</source>
        <translation>%1 par %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Closed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening float</source>
        <translation>Fond de caisse initial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>Ventes</translation>
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
        <translation>Taxe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discounts</source>
        <translation>Remises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds</source>
        <translation>Remboursements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded tax</source>
        <translation>Taxe remboursée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash in</source>
        <translation>Entrées d&apos;espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash out</source>
        <translation>Sorties d&apos;espèces</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cash expected</source>
        <translation>Espèces attendues</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cash counted</source>
        <translation>Espèces comptées</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note: %1</source>
        <translation>Note : %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Z report · shift %1</source>
        <translation>Rapport Z · session %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>X report · shift %1</source>
        <translation>Rapport X · session %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per tender</source>
        <translation>Par moyen de paiement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tender</source>
        <translation>Moyen de paiement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>Encaissé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Net</source>
        <translation>Net</translation>
    </message>
</context>
<context>
    <name>sk::ShipDialog</name>
    <message>
        <location filename="../ui/orders/ShipDialog.cpp" line="+22"/>
        <source>&amp;Ship</source>
        <translation>&amp;Expédier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ship order %1</source>
        <translation>Expédier la commande %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Optional, shown in the timeline</source>
        <translation>Facultatif, affiché dans l&apos;historique</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Carrier:</source>
        <translation>&amp;Transporteur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tracking number:</source>
        <translation>&amp;Numéro de suivi :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation>N&amp;ote :</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Name the carrier, e.g. UPS.</source>
        <translation>Indiquez le transporteur, p. ex. UPS.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type or scan the tracking number from the label.</source>
        <translation>Saisissez ou scannez le numéro de suivi figurant sur l&apos;étiquette.</translation>
    </message>
</context>
<context>
    <name>sk::ShopDetailsForm</name>
    <message>
        <location filename="../ui/shop/ShopDetailsForm.cpp" line="+43"/>
        <source>As printed on receipts</source>
        <translation>Tel qu&apos;imprimé sur les tickets de caisse</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+2"/>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Applied to products without their own tax class, for example 8.00.</source>
        <translation>Appliqué aux produits sans classe de taxe propre, par exemple 8,00.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shop &amp;name:</source>
        <translation>&amp;Nom de la boutique :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phone:</source>
        <translation>Télép&amp;hone :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop e-&amp;mail:</source>
        <translation>E-mail de la &amp;boutique :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Currency:</source>
        <translation>&amp;Devise :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default &amp;tax rate:</source>
        <translation>&amp;Taux de taxe par défaut :</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Enter the shop&apos;s name: it is printed on every receipt.</source>
        <translation>Saisissez le nom de la boutique : il est imprimé sur chaque ticket de caisse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the default tax rate as a percentage between 0 and 100 with at most two decimals, for example %1.</source>
        <translation>Saisissez le taux de taxe par défaut en pourcentage, entre 0 et 100, avec au plus deux décimales, par exemple %1.</translation>
    </message>
</context>
<context>
    <name>sk::SignInDialog</name>
    <message>
        <location filename="../ui/auth/SignInDialog.cpp" line="+45"/>
        <source>Sign in to Storekeeper</source>
        <translation>Se connecter à Storekeeper</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;E-mail:</source>
        <translation>Adresse &amp;e-mail :</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Sign in</source>
        <translation>&amp;Se connecter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;PIN:</source>
        <translation>Code &amp;PIN :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 to %2 digits</source>
        <translation>%1 à %2 chiffres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use password &amp;instead</source>
        <translation>&amp;Utiliser plutôt le mot de passe</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Use a register PIN &amp;instead</source>
        <translation>&amp;Utiliser plutôt un code PIN de caisse</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Enter the e-mail address of your Storekeeper account.</source>
        <translation>Saisissez l&apos;adresse e-mail de votre compte Storekeeper.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter your PIN.</source>
        <translation>Saisissez votre code PIN.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter your password.</source>
        <translation>Saisissez votre mot de passe.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Signing in…</source>
        <translation>Connexion…</translation>
    </message>
</context>
<context>
    <name>sk::SmtpSettingsForm</name>
    <message>
        <location filename="../ui/notifications/SmtpSettingsForm.cpp" line="+31"/>
        <source>Send the shop&apos;s e-mail</source>
        <translation>Envoyer les e-mails de la boutique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>smtp.example.com</source>
        <translation>smtp.example.com</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>STARTTLS (usually port 587)</source>
        <translation>STARTTLS (généralement port 587)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS from the start (usually port 465)</source>
        <translation>TLS dès le départ (généralement port 465)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None (only on a trusted network)</source>
        <translation>Aucune (uniquement sur un réseau de confiance)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty when the server needs no sign-in</source>
        <translation>Vide si le serveur n&apos;exige pas de connexion</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>shop@example.com</source>
        <translation>shop@example.com</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shop&apos;s name</source>
        <translation>Le nom de la boutique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mail server:</source>
        <translation>Serveur de messagerie :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security:</source>
        <translation>Sécurité :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name:</source>
        <translation>Nom d&apos;utilisateur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender address:</source>
        <translation>Adresse d&apos;expéditeur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender name:</source>
        <translation>Nom d&apos;expéditeur :</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>The mail settings are saved.</source>
        <translation>Les paramètres de messagerie sont enregistrés.</translation>
    </message>
</context>
<context>
    <name>sk::StockLevelTableModel</name>
    <message>
        <location filename="../models/StockLevelTableModel.cpp" line="+204"/>
        <source>No longer available</source>
        <translation>Plus disponible</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At or below the reorder level of %1.</source>
        <translation>Au niveau ou en dessous du seuil de réapprovisionnement de %1.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Held for orders waiting to be paid or shipped and for parked carts.</source>
        <translation>Retenu pour les commandes en attente de paiement ou d&apos;expédition et pour les paniers mis en attente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand minus reserved: what can be sold now.</source>
        <translation>Stock physique moins stock réservé : ce qui peut être vendu maintenant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moving average cost of one unit.</source>
        <translation>Coût moyen pondéré d&apos;une unité.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand times unit cost.</source>
        <translation>Stock physique multiplié par le coût unitaire.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand</source>
        <translation>Stock physique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reorder at</source>
        <translation>Seuil de réapprovisionnement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bin</source>
        <translation>Casier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit cost</source>
        <translation>Coût unitaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
</context>
<context>
    <name>sk::StockLinesTable</name>
    <message>
        <location filename="../ui/inventory/StockLinesTable.cpp" line="+37"/>
        <source>Product</source>
        <translation>Produit</translation>
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
        <translation>Disponible</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+18"/>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Unit cost</source>
        <translation>Coût unitaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line total</source>
        <translation>Total de la ligne</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code, or add the product in the Catalog first.</source>
        <translation>Aucun produit n&apos;a le code-barres ou le SKU « %1 ». Vérifiez le code, ou ajoutez d&apos;abord le produit dans le Catalogue.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>The quantity of %1 must be a whole number above zero; &quot;%2&quot; is not.</source>
        <translation>La quantité de %1 doit être un nombre entier supérieur à zéro ; « %2 » n&apos;en est pas un.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The unit cost of %1 is not an amount: type it like %2.</source>
        <translation>Le coût unitaire de %1 n&apos;est pas un montant : saisissez-le sous la forme %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan or type a barcode or SKU to add a line first.</source>
        <translation>Scannez ou saisissez d&apos;abord un code-barres ou un SKU pour ajouter une ligne.</translation>
    </message>
</context>
<context>
    <name>sk::StockMovementModel</name>
    <message>
        <location filename="../models/StockMovementModel.cpp" line="+132"/>
        <source>Order %1</source>
        <translation>Commande %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receipt %1</source>
        <translation>Réception %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stocktake %1</source>
        <translation>Inventaire %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer %1</source>
        <translation>Transfert %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cart %1</source>
        <translation>Panier %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>When</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>Variation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On hand after</source>
        <translation>Stock après</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>sk::StocktakeDialog</name>
    <message>
        <location filename="../ui/inventory/StocktakeDialog.cpp" line="+58"/>
        <source>&amp;Start count</source>
        <translation>&amp;Démarrer le comptage</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Post differences…</source>
        <translation>&amp;Valider les écarts…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel count…</source>
        <translation>&amp;Annuler le comptage…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stocktake</source>
        <translation>Inventaire</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Counting takes a snapshot of what the shelves should hold. Sales made while you count are taken into account when the differences are posted.</source>
        <translation>Le comptage fige ce que les rayons devraient contenir. Les ventes réalisées pendant le comptage sont prises en compte lors de la validation des écarts.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Location:</source>
        <translation>&amp;Emplacement :</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Units each scan adds: 1, or the size of a case scanned once.</source>
        <translation>Unités ajoutées par scan : 1, ou la taille d&apos;un carton scanné une seule fois.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;can:</source>
        <translation>&amp;Scanner :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Units per scan:</source>
        <translation>&amp;Unités par scan :</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Product</source>
        <translation>Produit</translation>
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
        <translation>Attendu</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+19"/>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+20"/>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type a number to replace the count of that line.</source>
        <translation>Saisissez un nombre pour remplacer le comptage de cette ligne.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Throws this count away; the stock stays as it is.</source>
        <translation>Abandonne ce comptage ; le stock reste inchangé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The count stays open: opening Stocktake again resumes it.</source>
        <translation>Le comptage reste ouvert : rouvrez l&apos;inventaire pour le reprendre.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>A count is a whole number of zero or more; &quot;%1&quot; is not. Nothing was changed.</source>
        <translation>Un comptage est un nombre entier égal ou supérieur à zéro ; « %1 » n&apos;en est pas un. Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>Count %1 at %2, started %3</source>
        <translation>Comptage %1 à l&apos;emplacement %2, commencé le %3</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No product has the barcode or SKU &quot;%1&quot;. Check the code; nothing was counted.</source>
        <translation>Aucun produit n&apos;a le code-barres ou le SKU « %1 ». Vérifiez le code ; rien n&apos;a été compté.</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Counted: %1 of %2 lines · units gained: %3 · units lost: %4 · value: %5</source>
        <translation>Compté : %1 lignes sur %2 · unités en plus : %3 · unités en moins : %4 · valeur : %5</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writes the differences as count corrections.</source>
        <translation>Enregistre les écarts comme corrections d&apos;inventaire.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count at least one line first.</source>
        <translation>Comptez d&apos;abord au moins une ligne.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Every counted line matches. Post the count to close it?</source>
        <translation>Toutes les lignes comptées correspondent. Valider le comptage pour le clôturer ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Post the count? Lines corrected: %1; total difference: %2 units, worth %3. Uncounted lines stay as they are.</source>
        <translation>Valider le comptage ? Lignes corrigées : %1 ; écart total : %2 unités, d&apos;une valeur de %3. Les lignes non comptées restent inchangées.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Wait until the last scans are recorded, then post.</source>
        <translation>Attendez que les derniers scans soient enregistrés, puis validez.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Post stocktake</source>
        <translation>Valider l&apos;inventaire</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Post</source>
        <translation>Valider</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Stocktake %1 posted: lines corrected %2, units gained %3, units lost %4, value %5.</source>
        <translation>Inventaire %1 validé : lignes corrigées %2, unités en plus %3, unités en moins %4, valeur %5.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancel stocktake</source>
        <translation>Annuler l&apos;inventaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Throw away count %1? What was counted is lost; the stock stays as it is.</source>
        <translation>Abandonner le comptage %1 ? Ce qui a été compté sera perdu ; le stock reste inchangé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Throw away</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The count was thrown away; nothing changed.</source>
        <translation>Le comptage a été abandonné ; rien n&apos;a changé.</translation>
    </message>
</context>
<context>
    <name>sk::SuggestionsPanel</name>
    <message>
        <location filename="../ui/register/SuggestionsPanel.cpp" line="+41"/>
        <location line="+5"/>
        <source>Often bought together</source>
        <translation>Souvent achetés ensemble</translation>
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
        <translation>Ajouter %1 à la vente (Alt+%2)</translation>
    </message>
</context>
<context>
    <name>sk::TotalsPanel</name>
    <message>
        <location filename="../ui/register/TotalsPanel.cpp" line="+19"/>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>Sous-total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TOTAL</source>
        <translation>TOTAL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>Dû</translation>
    </message>
</context>
<context>
    <name>sk::TransferDialog</name>
    <message>
        <location filename="../ui/inventory/TransferDialog.cpp" line="+36"/>
        <source>&amp;Transfer</source>
        <translation>&amp;Transférer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transfer stock</source>
        <translation>Transférer du stock</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;From:</source>
        <translation>&amp;De :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;o:</source>
        <translation>&amp;Vers :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;can:</source>
        <translation>&amp;Scanner :</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+56"/>
        <source>Moves the lines now (Ctrl+Enter).</source>
        <translation>Transfère les lignes maintenant (Ctrl+Entrée).</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note :</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Lines: %1 · units: %2</source>
        <translation>Lignes : %1 · unités : %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose two different locations.</source>
        <translation>Choisissez deux emplacements différents.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan or type a barcode or SKU to add a line first.</source>
        <translation>Scannez ou saisissez d&apos;abord un code-barres ou un SKU pour ajouter une ligne.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose two different locations: stock cannot move to where it already is.</source>
        <translation>Choisissez deux emplacements différents : le stock ne peut pas être déplacé là où il se trouve déjà.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Moved %1 units from %2 to %3.</source>
        <translation>%1 unités transférées de %2 vers %3.</translation>
    </message>
</context>
<context>
    <name>sk::UserTableModel</name>
    <message>
        <location filename="../models/UserTableModel.cpp" line="+64"/>
        <source>Disabled</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked</source>
        <translation>Bloqué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Too many failed sign-ins: locked until %1.</source>
        <translation>Trop d&apos;échecs de connexion : bloqué jusqu&apos;à %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account may not sign in.</source>
        <translation>Ce compte n&apos;est pas autorisé à se connecter.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>E-mail</source>
        <translation>Adresse e-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
</context>
<context>
    <name>sk::UsersPage</name>
    <message>
        <location filename="../ui/users/UsersPage.cpp" line="+49"/>
        <source>&amp;New user…</source>
        <translation>&amp;Nouvel utilisateur…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+223"/>
        <source>&amp;Disable</source>
        <translation>&amp;Désactiver</translation>
    </message>
    <message>
        <location line="-222"/>
        <source>Reset &amp;password…</source>
        <translation>Réinitialiser le mot de &amp;passe…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;role…</source>
        <translation>Changer le &amp;rôle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set P&amp;IN…</source>
        <translation>Définir le code P&amp;IN…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Unlock</source>
        <translation>Dé&amp;bloquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New user…</source>
        <translation>Nouvel utilisateur…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+219"/>
        <source>Disable</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <location line="-218"/>
        <source>Reset password…</source>
        <translation>Réinitialiser le mot de passe…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change role…</source>
        <translation>Changer le rôle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set PIN…</source>
        <translation>Définir le code PIN…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>Débloquer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name or e-mail</source>
        <translation>Nom ou adresse e-mail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Search:</source>
        <translation>Re&amp;chercher :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All roles</source>
        <translation>Tous les rôles</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sho&amp;w:</source>
        <translation>Affic&amp;her :</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Forgets failed sign-in and PIN attempts so the user can try again now.</source>
        <translation>Efface les échecs de connexion et de code PIN pour que l&apos;utilisateur puisse réessayer tout de suite.</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+75"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Counting users…</source>
        <translation>Comptage des utilisateurs…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No user matches</source>
        <translation>Aucun utilisateur ne correspond</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No users yet</source>
        <translation>Aucun utilisateur pour l&apos;instant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 matching user</source>
        <translation>1 utilisateur correspondant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 user</source>
        <translation>1 utilisateur</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln matching users</source>
        <translation>
            <numerusform>%Ln utilisateur correspondant</numerusform>
            <numerusform>%Ln utilisateurs correspondants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%Ln users</source>
        <translation>
            <numerusform>%Ln utilisateur</numerusform>
            <numerusform>%Ln utilisateurs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Enable</source>
        <translation>Ac&amp;tiver</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enable</source>
        <translation>Activer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You cannot disable your own account.</source>
        <translation>Vous ne pouvez pas désactiver votre propre compte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user can no longer sign in; nothing is deleted.</source>
        <translation>L&apos;utilisateur ne pourra plus se connecter ; rien n&apos;est supprimé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user can sign in again.</source>
        <translation>L&apos;utilisateur pourra de nouveau se connecter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another administrator must change your own role.</source>
        <translation>Seul un autre administrateur peut modifier votre propre rôle.</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+63"/>
        <source>Set PIN</source>
        <translation>Définir le code PIN</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>The account of %1 was created, but its PIN was not set: %2</source>
        <translation>Le compte de %1 a été créé, mais son code PIN n&apos;a pas été défini : %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created the account of %1 (%2).</source>
        <translation>Compte de %1 (%2) créé.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enable user</source>
        <translation>Activer l&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disable user</source>
        <translation>Désactiver l&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can sign in again.</source>
        <translation>%1 peut de nouveau se connecter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 can no longer sign in.</source>
        <translation>%1 ne peut plus se connecter.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reset password</source>
        <translation>Réinitialiser le mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password of %1 was reset.</source>
        <translation>Le mot de passe de %1 a été réinitialisé.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Change role</source>
        <translation>Changer le rôle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 is now: %2.</source>
        <translation>%1 est maintenant : %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 can now sign in at the register with the new PIN.</source>
        <translation>%1 peut maintenant se connecter à la caisse avec le nouveau code PIN.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unlock user</source>
        <translation>Débloquer l&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 may try to sign in again now.</source>
        <translation>%1 peut de nouveau essayer de se connecter dès maintenant.</translation>
    </message>
</context>
<context>
    <name>sk::ValuationBar</name>
    <message>
        <location filename="../ui/inventory/ValuationBar.cpp" line="+20"/>
        <source>On hand times the moving average cost, for the lines shown.</source>
        <translation>Stock physique multiplié par le coût moyen pondéré, pour les lignes affichées.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 units on hand</source>
        <translation>%1 unités en stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value at cost: %1</source>
        <translation>Valeur au prix de revient : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 low</source>
        <translation>%1 en stock bas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 out of stock</source>
        <translation>%1 en rupture de stock</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Adding up…</source>
        <translation>Calcul en cours…</translation>
    </message>
</context>
<context>
    <name>sk::VariantGeneratorDialog</name>
    <message>
        <location filename="../ui/catalog/VariantGeneratorDialog.cpp" line="+33"/>
        <source>Generate variants</source>
        <translation>Générer des variantes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name each option and list its values separated by commas. Every combination becomes a variant; variants that already match keep their SKU, price and stock.</source>
        <translation>Nommez chaque option et indiquez ses valeurs séparées par des virgules. Chaque combinaison devient une variante ; les variantes qui correspondent déjà conservent leur SKU, leur prix et leur stock.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Create variants</source>
        <translation>&amp;Créer les variantes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Base SKU:</source>
        <translation>SKU de &amp;base :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values</source>
        <translation>Valeurs</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Material</source>
        <translation>Matière</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S, M, L</source>
        <translation>S, M, L</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Red, Blue</source>
        <translation>Rouge, Bleu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cotton, Wool</source>
        <translation>Coton, Laine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name of option %1</source>
        <translation>Nom de l&apos;option %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values of option %1</source>
        <translation>Valeurs de l&apos;option %1</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Variants (%1): %2</source>
        <translation>Variantes (%1) : %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>variant %1</source>
        <translation>variante %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These variants no longer fit the options and will be removed: %1.</source>
        <translation>Ces variantes ne correspondent plus aux options et seront supprimées : %1.</translation>
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
        <translation>Code-barres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare at</source>
        <translation>Prix comparatif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight (g)</source>
        <translation>Poids (g)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Enter the weight in whole grams, such as 250, or leave it empty.</source>
        <translation>Saisissez le poids en grammes entiers, comme 250, ou laissez-le vide.</translation>
    </message>
</context>
<context>
    <name>sk::VendorChooser</name>
    <message>
        <location filename="../ui/users/VendorChooser.cpp" line="+27"/>
        <location line="+1"/>
        <source>New vendor&apos;s name</source>
        <translation>Nom du nouveau fournisseur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading vendors…</source>
        <translation>Chargement des fournisseurs…</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Wait a moment until the vendors are loaded.</source>
        <translation>Patientez un instant, le temps que les fournisseurs soient chargés.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A vendor account belongs to a vendor: choose one or enter a new vendor&apos;s name.</source>
        <translation>Un compte fournisseur appartient à un fournisseur : choisissez-en un ou saisissez le nom d&apos;un nouveau fournisseur.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 (inactive)</source>
        <translation>%1 (inactif)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New vendor…</source>
        <translation>Nouveau fournisseur…</translation>
    </message>
</context>
</TS>
