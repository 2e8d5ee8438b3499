"""French opinion lexicon for customer feedback, written by hand.

Same conventions as `lexicon_en`: weights from -4 to +4 grouped by weight,
entries written with their accents for readability (lookups fold accents, so
"decu" finds "déçu"), feminine and plural forms listed when they are common
(a light suffix fallback in `sentiment` covers the rest).

French negation is discontinuous ("je ne suis pas déçu", "n'a jamais
fonctionné"), and several idioms are negated on the surface but not in meaning
("pas mal", "sans souci", "rien à redire"): the idioms live in `PHRASES` and are
matched before the negation rule runs.
"""

from __future__ import annotations

WORDS: dict[float, str] = {
    3.5: """
        excellent excellente excellents excellentes parfait parfaite parfaits parfaites parfaitement
        magnifique magnifiques merveilleux merveilleuse merveilleusement extraordinaire extraordinaires
        exceptionnel exceptionnelle exceptionnels sublime sublimes fabuleux fabuleuse génial géniale géniaux
        formidable formidables fantastique fantastiques époustouflant époustouflante incroyable incroyables
        impeccable impeccables remarquable remarquables splendide somptueux somptueuse prodigieux grandiose
        bouleversant bouleversante bouleversants chef-d'œuvre chef-d'oeuvre exquis exquise irréprochable
        ravi ravie ravis ravies enchanté enchantée enchantés enchantées jubilatoire éblouissant éblouissante
        """,
    3.0: """
        super adore adoré adorée adorés adorer adorable adorables superbe superbes top topissime bravo
        passionnant passionnante passionnants passionnantes captivant captivante captivants captivantes
        génialissime sensationnel brillant brillante brillamment admirable admirablement délicieux délicieuse
        savoureux savoureuse merveille merveilles coup-de-cœur enthousiasmant enthousiaste enthousiastes
        émouvant émouvante émouvants poignant poignante puissant puissante lumineux lumineuse
        envoûtant envoûtante addictif addictive haletant haletante palpitant palpitante prenant prenante
        magistral magistrale remarquablement génialement recommande recommandé recommandée recommandons
        conquis conquise satisfaite satisfait satisfaits satisfaites heureux heureuse heureuses
        content contente contents contentes régal délice délices pépite réjouissant réjouissante réjouissants
        """,
    2.5: """
        bien beau belle beaux belles bon bonne bons bonnes joli jolie jolis jolies
        agréablement plaisir aime aimé aimée aimer aimons aiment apprécié appréciée
        apprécie apprécier appréciable efficace efficaces efficacité
        cool aimable aimables gentil gentille gentils gentilles accueillant accueillante
        chaleureux chaleureuse souriant souriante serviable serviables disponible disponibles réactif réactive
        réactifs réactivité compétent compétente compétents professionnel professionnelle professionnels
        courtois courtoise poli polie pratique pratiques facile facilement fiable fiables solide
        solides robuste confortable confortables
        touchant touchante touchants drôle drôles réussi réussie réussis réussite intelligent
        intelligente intelligemment original originale originalité fluide fluides fraîche fraîches
        soigné soignée soignés soigneusement efficacement rassurant rassurante ponctuel ponctuelle
        impressionnant impressionnante bluffant bluffante savoureusement
        riche riches justesse finesse fine délicat délicate délicatement tendre tendresse
        beauté humour drôlerie charmant charmante charme poésie poétique magie magique inoubliable
        indispensable incontournable agréablement_surpris félicitations félicite remercie remercier
        recommander conseille conseiller conseillé conseillée nickel
        bonheur meilleur meilleure meilleurs meilleures convaincant convaincante convaincants
        maîtrisé maîtrisée maîtrisés
        """,
    2.0: """
        ok okay convenable convenables satisfaisant satisfaisante
        abordable abordables raisonnable raisonnables utile utiles clair claire clairs claires
        lisible lisibles efficace propre propres calme doux douce positif positive positivement
        heureusement volontiers facilité sérieux sérieuse aidé aidée résolu résolue
        réglé réglée remboursé remboursée conforme conformes vivant vivante rythmé rythmée dynamique
        émotion émotions attachant attachante attachants attachantes sensible sensibles tendrement
        subtil subtile subtilement bienveillant bienveillante beaucoup-aimé instructif instructive
        enrichissant enrichissante agile plaisir-de-lire joie enthousiasme préféré préférée préférés préférées
        fier-de fière fiers fières intuitif intuitifs intuitive intuitives ergonomique ergonomiques
        """,
    1.5: """
        merci sympathiquement rigolo rigolote curieux originaux évasion amusant amusante
        rapide rapides
        accessible accessibles recommandable
        """,
    # Faint praise: mild approval that reviewers and customers hedge with ("sympa, sans plus",
    # "intéressant mais", "correct"); it must not outweigh the criticism next to it.
    1.0: """
        agréable agréables plaisant plaisante divertissant divertissante distrayant distrayante
        correct correcte honnête honnêtes mignon mignonne sympathique sympa sympas
        intéressant intéressante intéressants intéressantes
        """,
    # "Léger", "simple": praise for a product ("simple d'utilisation"), often a reproach for a story.
    # Speed as a manner ("rapidement") is praise for a delivery or a reply (see the service phrases),
    # neutral for reading a book or in a request ("merci de me répondre rapidement") and a complaint
    # for a battery that drains: on its own it only leans positive.
    0.5: """
        simple léger légère rapidement
        """,
    -1.0: """
        moyen moyenne moyens moyennement passable mitigé mitigée mitigés lent lente lents lentes
        lenteur lenteurs longuet longuette compliqué compliquée compliqués
        difficile difficiles confus confuse flou floue onéreux coûteux
        malheureusement regrette regretter regret regrets problème problèmes souci soucis
        bug bugs bogue retard retards attente manque manquant manquante manquants
        manquait manquent erreur erreurs erroné incomplet incomplète tiède
        bruyant bruyante sale complication complications inquiet inquiète inquiétude
        répétitif répétitive répétitifs répétitions redondant redondante superficiel superficielle
        convenu convenue convenus banal banale banals simpliste simplistes caricatural caricaturale
        difficulté difficultés cliché clichés mélodramatique étiré étirée platitude
        facile-à-deviner déroutant déroutante perplexe lourd lourde lourdeur lourdeurs
        réclamation réclamations relance relancé relances retourner retourné annuler annulé annulée
        résilier résiliation résilié résiliée énième

        inégal inégale inégaux anecdotique pesant pesante
        """,
    -1.5: """
        mauvais-goût lassant lassante lassitude fade fades traîne traine traînent endormi endormie
        inutilement prévisible prévisibles
        creux creuse vide vides insipide insipides médiocre médiocres agacé agacée agaçant agaçante agacement
        énervé énervée énervant énervante mécontent mécontente mécontents mécontentement insatisfait
        insatisfaite insatisfaction pénible pénibles fastidieux fastidieuse indigeste ardu ardue laborieusement
        cassé cassée cassés cassées abîmé abîmée abîmés abîmées endommagé endommagée défectueux défectueuse
        défaut défauts rayé rayée fissuré fissurée déchiré déchirée taché tachée panne pannes bloqué bloquée
        perdu perdue égaré égarée introuvable injoignable injoignables inaccessible indisponible défaillant
        trompeur trompeuse mensonger mensongère impoli impolie désagréable désagréables incompétent
        incompétente incompétents incompétence négligent négligence inadmissible inacceptable inacceptables
        décevoir déçoit décourageant agaçants déplorable regrettable invraisemblable invraisemblables
        incohérent incohérente incohérences incohérence tiré-par-les-cheveux bâclé bâclée bâclés
        maladroit maladroite faible faibles mou molle poussif poussive survolé ennuyeusement
        dommage hélas longueurs laborieux laborieuse péniblement
        artificiel artificielle artificiels surfait surfaite surestimé surestimée
        survendu survendue ampoulé ampoulée pompeux pompeuse prétentieux prétentieuse verbeux verbeuse
        décousu décousue brouillon brouillonne bancal bancale inabouti inaboutie stéréotypé stéréotypée
        stéréotypés stéréotypées stéréotypes manichéen manichéenne sirupeux sirupeuse guimauve
        alambiqué alambiquée abscons absconse indifférent indifférente gâché gâchée gâche gâcher gâchis
        malaise exaspérant exaspérante irritant irritante horripilant horripilante essouffle essoufflent
        essoufflé essoufflée invraisemblance invraisemblances lourdingue dispensable oubliable oubliables
        gêné gênée gênant gênante épreuve zut pff pfff abandonner
        fragile fragiles encombrant encombrante inconfortable inconfortables branlant branlante instable
        instables inadapté inadaptée inadaptés buggé buggée bugué buguée rayure rayures fuite fuites
        """,
    -2.0: """
        mauvais mauvaise mauvaises mal déçu déçue déçus déçues décu décue triste tristement raté ratée
        décevant décevante décevants décevantes déception déceptions ennuyeux ennuyeuse ennui ennuyé ennuyée
        ennuie ennuyant ennuyer
        ratés rater nul-à-chier moche moches pire pires inutile inutiles inutilisable
        inutilisables lamentable lamentables pitoyable pitoyables navrant navrante navré consternant
        consternante affligeant affligeante décevant-au-possible frustrant frustrante frustré frustrée
        frustration colère fâché fâchée furax scandale honte honteux honteuse abusé abusée abusif abusive
        mensonge mensonges menteur menteurs menteuse galère galérer galère galéré cauchemar
        calvaire enfer ridicule ridicules absurde absurdes stupide stupides idiot idiote débile
        insupportable insupportables imbuvable illisible illisibles ennuyeux-à-mourir soporifique
        catastrophe catastrophique désastreux désastre médiocrité pourri pourrie pourris périmé périmée
        moisi moisie immangeable dégueulasse dégeulasse dégueu crade infect infecte douleur mal-au-dos
        hors-service hs plantage plantée rembourser remboursement-refusé
        bof barbant barbante assommant assommante interminable interminables rébarbatif rébarbative
        inintéressant inintéressante inintéressants incompréhensible incompréhensibles niais niaise
        niaiserie niaiseries mièvre mièvres mièvrerie gnangnan cucul déconvenue désillusion échec
        déchanté déchanter
        méprisant méprisante hautain hautaine condescendant condescendante agressif agressive malpoli malpolie
        empirer empiré empirée empirent
        déplu déplaît deplait déplaire insultant insultante insultants nauséabond nauséabonde marre ras-le-bol
        irrespectueux irrespectueuse inexistant inexistante surfacturé surfacturée surfacturation plainte plaintes
        """,
    -3.0: """
        nul nulle nuls nulles horrible horribles affreux affreuse affreusement atroce atroces exécrable
        déteste détesté détestée détester haïs haï dégoûtant dégoûtante dégoûté dégoûtée dégoût
        scandaleux scandaleuse inadmissibles honteusement inqualifiable lamentablement minable minables
        arnaque arnaques arnaqué arnaquée arnaqueur arnaqueurs escroc escrocs escroquerie escroquerie voleur
        voleurs volé escroqué escroquée dangereux dangereuse toxique brûlé brûlée brûlure blessé blessée
        écœurant écœurée écœuré révoltant révoltante révolté révoltée furieux furieuse indigné indignée
        catastrophiquement nullissime naze nase merdique merde daube bidon foutage
        """,
    -3.5: """
        pire-expérience épouvantable épouvantables abominable abominables cata honteusement-nul
        """,
}

# Word: (weight when affirmed, weight when negated): "ça fonctionne" is expected,
# "ça ne fonctionne pas" is a complaint.
EXPECTATIONS: dict[str, tuple[float, float]] = {
    "fonctionne": (1.0, -2.5),
    "fonctionnent": (1.0, -2.5),
    "fonctionné": (0.5, -2.5),
    "fonctionner": (0.3, -2.0),
    "marche": (0.8, -2.5),
    "marchent": (0.8, -2.5),
    "reçu": (0.3, -2.0),
    "reçue": (0.3, -2.0),
    "reçus": (0.3, -2.0),
    "recu": (0.3, -2.0),
    "arrivé": (0.3, -2.0),
    "arrivée": (0.3, -2.0),
    "arrivés": (0.3, -2.0),
    "livrée": (0.3, -2.0),
    "répond": (0.3, -2.0),
    "répondu": (0.3, -2.0),
    "répondent": (0.3, -2.0),
    "rappelé": (0.3, -1.5),
    "remboursé": (2.0, -2.5),
    "remboursée": (2.0, -2.5),
    "recommande": (3.0, -3.0),
    "recommanderai": (3.0, -3.0),
    "recommanderais": (3.0, -3.0),
    "conseille": (2.5, -2.5),
    "conseillerai": (2.5, -2.5),
    "conseillerais": (2.5, -2.5),
    "plu": (2.5, -2.5),
    "plaît": (2.0, -2.0),
    "plait": (2.0, -2.0),
    "convaincu": (2.5, -2.5),
    "convaincue": (2.5, -2.5),
    "accroché": (2.0, -2.5),
    "accrochée": (2.0, -2.5),
    "adhéré": (2.0, -2.5),
    "emballé": (2.5, -2.5),
    "emballée": (2.5, -2.5),
    "transporté": (2.0, -2.0),
    "transportée": (2.0, -2.0),
    "touché": (2.0, -2.0),
    "touchée": (2.0, -2.0),
    "aimé": (3.0, -2.5),
    "aimée": (3.0, -2.5),
    "aime": (2.5, -2.5),
    "intéressé": (1.5, -2.0),
    "intéressée": (1.5, -2.0),
    "intérêt": (1.0, -2.5),
    "rachèterai": (2.0, -2.5),
    "racheter": (1.0, -2.0),
    "reviendrai": (2.0, -2.5),
    "reviendrons": (2.0, -2.5),
    "revenir": (0.5, -2.0),
    "commanderai": (1.5, -2.5),
    "suffisant": (1.0, -2.0),
    "suffisante": (1.0, -2.0),
    "assez": (0.0, -1.5),
    "facile": (2.0, -2.0),
    "terrible": (0.5, -2.5),
    "top": (3.0, -2.0),
    "génial": (3.5, -1.8),
    "géniale": (3.5, -1.8),
    "folichon": (1.0, -2.0),
    "fameux": (1.5, -2.0),
    "jojo": (1.0, -2.0),
    "tenu": (0.5, -1.5),
    "tient": (0.5, -1.5),
    "compris": (0.3, -1.0),
    "réglé": (2.0, -2.5),
    "résolu": (2.0, -2.5),
    "fini": (0.0, -1.0),
    "terminé": (0.0, -1.0),
    "valu": (0.5, -2.0),
    "vaut": (1.0, -2.0),
    "adhérer": (1.0, -2.5),
    "accrocher": (1.0, -2.5),
    "avance": (0.3, -1.5),
    # Immersion and engagement: saying so is mild, denying it is the complaint
    # ("je ne suis pas rentrée dedans", "ça ne décolle pas", "je ne me suis pas attachée aux personnages").
    "dedans": (0.0, -2.0),
    "décolle": (0.0, -2.0),
    "décollé": (0.0, -2.0),
    "attaché": (1.5, -2.0),
    "attachée": (1.5, -2.0),
    "attachés": (1.5, -2.0),
    "séduit": (2.0, -2.0),
    "séduite": (2.0, -2.0),
    "embarqué": (2.0, -2.0),
    "embarquée": (2.0, -2.0),
    "emporté": (2.0, -2.0),
    "emportée": (2.0, -2.0),
    "captivé": (2.5, -2.0),
    "captivée": (2.5, -2.0),
    "motivé": (0.5, -1.5),
    "motivée": (0.5, -1.5),
    "marqué": (1.0, -1.5),
    "marquée": (1.0, -1.5),
    "envie": (0.3, -2.0),
    "pigé": (0.0, -2.0),
    "comprends": (0.0, -1.5),
    "comprenais": (0.0, -1.5),
    "saveur": (1.5, -1.5),
    # "ça ne suffit pas", "un simple geste ne suffira pas": the remedy or the product falls short.
    "suffit": (0.0, -1.5),
    # "le technicien n'est jamais venu": a visit that did not happen.
    "venu": (0.0, -2.0),
    # "une nette amélioration" is good news, "aucune amélioration" a complaint.
    "amélioration": (1.0, -1.5),
    "venue": (0.0, -2.0),
    "suffira": (0.0, -1.5),
    "suffisent": (0.0, -1.5),
    "suffisait": (0.0, -1.5),
}

PHRASES: dict[float, str] = {
    3.5: "coup de cœur|coup de coeur|gros coup de cœur|véritable coup de cœur|que du bonheur|un pur bonheur|"
    "pur bonheur|un vrai bonheur|un régal|un vrai régal|chef d'œuvre|chef d'oeuvre|un bijou|une pépite|"
    "à lire absolument|a lire absolument|à lire de toute urgence|je recommande vivement|je recommande vraiment|"
    "je recommande chaudement|je le recommande|je la recommande|je vous le recommande|je recommande|"
    "je conseille vivement|je vous le conseille|à ne pas manquer|a ne pas manquer|à découvrir|"
    "dix sur dix|10 sur 10|5 étoiles|cinq étoiles|au top|au top du top|rien à redire|rien a redire|"
    "rien à dire|rien a dire|hâte de lire|hâte de découvrir|vivement la suite|j'ai adoré|j'ai beaucoup aimé|"
    "j'ai vraiment aimé|j'ai aimé|lu d'une traite|dévoré|dévorée|je l'ai dévoré|coup de foudre",
    2.5: "pas mal du tout|vraiment pas mal|sans souci|sans soucis|sans problème|sans problèmes|sans aucun souci|"
    "sans aucun problème|pas de souci|pas de soucis|aucun souci|aucun problème|pas de problème|"
    "rien à signaler|rien a signaler|je ne suis pas déçu|je ne suis pas déçue|pas déçu|pas déçue|"
    "jamais déçu|jamais déçue|jamais été déçu|jamais été déçue|jamais eu de problème|jamais eu de souci|"
    "ne regrette pas|je ne regrette pas|aucun regret|pas de regret|sans regret|n'ai pas regretté|"
    "très bien|tres bien|trop bien|vraiment bien|super bien|bien reçu|bien reçue|bien arrivé|bien arrivée|"
    "dans les temps|dans les délais|en avance|rapport qualité prix|bon rapport qualité|très bon rapport|"
    "bon rapport qualité prix|service client au top|à l'écoute|a l'ecoute|bon courage|merci beaucoup|"
    "merci encore|mille mercis|merci pour|grand merci|un grand merci|bonne lecture|bon moment|"
    "bon moment de lecture|agréable moment|agréablement surpris|agréablement surprise|belle découverte|"
    "une belle découverte|une très belle découverte|beau moment|bien écrit|très bien écrit|bien construit|"
    "bien ficelé|bien menée|bien mené|se lit facilement|se lit très bien|se lit avec plaisir|se lit vite|"
    "se dévore|on ne s'ennuie pas|on ne s'ennuie jamais|ne s'ennuie pas|pas une seconde d'ennui|"
    "tient en haleine|tenu en haleine|tient le lecteur en haleine|happé|happée|bien vu|bien joué|"
    "à recommander|a recommander|vaut le détour|vaut le coup|vaut la peine|ça vaut le coup|je reviendrai|"
    "nous reviendrons|je recommanderai|je rachèterai|je recommencerai|à refaire|a refaire|au rendez-vous|"
    "ne déçoit pas|ne m'a pas déçu|ne m'a pas déçue|n'a pas déçu|pas été déçu|pas été déçue|"
    "bien aimé|beaucoup aimé|beaucoup apprécié|bien apprécié|pris plaisir|pris beaucoup de plaisir|"
    "avec plaisir|un plaisir|à la hauteur|a la hauteur|geste commercial|"
    "aux petits soins|aux petits oignons|que demander de plus|très pro|vraiment pro|super pro|"
    # "bien" the noun: "je n'en dis que du bien", "ça m'a fait du bien à la nuque".
    "que du bien|du bien de|du bien à",
    # The service was fast: "rapidement" after a delivery or support action.
    2.0: "livré rapidement|livrée rapidement|livrés rapidement|livrées rapidement|expédié rapidement|"
    "expédiée rapidement|expédiés rapidement|reçu rapidement|reçue rapidement|arrivé rapidement|"
    "arrivée rapidement|répondu rapidement|répond rapidement|traité rapidement|traitée rapidement|"
    "résolu rapidement|réglé rapidement|remboursé rapidement|remboursée rapidement|intervenu rapidement|"
    "pris en charge rapidement|réparé rapidement|échangé rapidement",
    1.5: "pas mal|plutôt bien|plutot bien|pas si mal|pas trop mal|assez bien|c'est correct|ça va|ca va|"
    "ça passe|ca passe|ça fait le job|fait le job|fait le travail|fait l'affaire|pas de quoi se plaindre|"
    "bonne surprise|bonne idée|bonne pioche|pas désagréable|pas inintéressant|"
    "pas ennuyeux|pas lassant|"
    # Price compared: cheaper is praise ("moins cher qu'ailleurs"), dearer a reproach (see -1.0).
    "moins cher|moins chère|moins chers|moins chères|pas cher|pas chère|pas chers|pas chères|pas trop cher|"
    "pas trop chère|pas très cher|pas très chère",
    0.5: "se laisse lire|sans prétention",
    # Determiners and set phrases: "nul besoin" is not "nul", "le meilleur ami" is no praise.
    0.0: "pas mal de|bien sûr|bien sur|bien que|bien entendu|bien des|eh bien|ou bien|si bien que|"
    "aussi bien|tant bien que mal|mal de tête|plus ou moins|de plus|en plus|de plus en plus|"
    "bien évidemment|faute de mieux|mal à l'aise|au moins|du moins|pour le moins|à tout le moins|"
    "de moins en moins|nul besoin|nul doute|nulle part|nul autre|nulle autre|meilleur ami|meilleure amie|"
    "meilleurs amis|meilleures amies|pour le meilleur et pour le pire|le meilleur et le pire|le bien et le mal|"
    "du bien et du mal|le mal|au mieux|peu à peu|à peu près|a peu pres|peu importe|pour peu que|sous peu|"
    "depuis peu|il y a peu|avant peu|sans doute|sans aucun doute|sans nul doute|sans contredit|sans conteste|"
    "à l'épreuve|"
    # The denial belongs to the hesitation, the verb after is affirmed: "je n'hésiterai pas à
    # recommander", "n'hésitez pas à nous contacter", "je recommande sans hésiter".
    "n'hésiterai pas|n'hésiterais pas|n'hésite pas|n'hésitez pas|n'hésitons pas|n'ai pas hésité|"
    "sans hésiter|sans hésitation|sans aucune hésitation|"
    # Polite formulas of a request, not thanks for something done ("merci de m'avoir aidé" still is).
    "merci d'avance|merci par avance|merci de bien vouloir|merci de me|merci de faire|merci de m'indiquer|"
    "merci de m'envoyer|merci de m'expliquer|merci de nous indiquer|merci de nous envoyer|merci de nous dire",
    # A good start announces the decline: "ça commençait bien", "l'histoire partait bien".
    -0.5: "commence bien|commençait bien|commence très bien|part bien|partait bien|démarre bien|démarrait bien|"
    "débute bien|débutait bien|bien commencé|avait bien commencé",
    -1.0: "pas terrible du tout|sans plus|peut mieux faire|pourrait être mieux|aurait pu être mieux|"
    "pourrait mieux faire|aurait fallu|aurait été bien|aurait été mieux|aurait été plus|connu mieux|vu mieux|"
    "un peu long|un peu longue|un peu lent|un peu cher|un peu trop|assez long|un peu déçu|un peu déçue|"
    "un peu déçu par|mitigé|avis mitigé|sentiment mitigé|sentiments mitigés|ni plus ni moins|"
    # mixed feelings ("partagé" alone is also "shared": "j'ai partagé le lien")
    "suis partagé|suis partagée|avis partagé|très partagé|très partagée|sentiment partagé|"
    "sans surprise|sans saveur|rien de spécial|rien d'exceptionnel|rien de transcendant|rien de nouveau|"
    "rien de bien|rien de plus|pas indispensable|mouais|bof bof|pas convaincu|pas convaincue|"
    "pas vraiment|pas trop|je m'attendais à mieux|je m'attendais à autre chose|j'attendais mieux|"
    "j'attendais plus|reste sur ma faim|suis restée sur ma faim|suis resté sur ma faim|laisse sur sa faim|"
    "sur ma faim|peine à|du mal à|j'ai eu du mal|j'ai eu beaucoup de mal|pas facile|trop long|"
    "trop longue|trop de longueurs|quelques longueurs|des longueurs|tiré par les cheveux|tirée par les cheveux|"
    "trop lent|trop cher|trop chère|trop petit|trop grand|trop de|pas assez|"
    # Too much of a neutral quality is a complaint ("trop salé", "livré trop tard"); before praise,
    # colloquial "trop" only intensifies ("trop bien"), so only neutral words are listed.
    "trop petite|trop petits|trop petites|trop grande|trop grands|trop grandes|trop court|trop courte|"
    "trop courts|trop courtes|trop salé|trop salée|trop sucré|trop sucrée|trop cuit|trop cuite|trop serré|"
    "trop serrée|trop étroit|trop étroite|trop large|trop juste|trop chaud|trop chaude|trop froid|trop froide|"
    "trop tard|trop peu|"
    # "cher" alone also greets ("cher client"): a price reproach only as an attribute or a comparison.
    "plus cher|plus chère|plus chers|plus chères|est cher|est chère|était cher|était chère|sont chers|"
    "sont chères|reste cher|reste chère|prix excessif|prix exorbitant|prix abusif|"
    # "plat" alone is mostly a dish ("le plat du jour"): flat only as an attribute.
    "est plat|était plat|reste plat|trop plat|très plat|assez plat|un peu plat|plutôt plat|"
    "est plate|était plate|trop plate|très plate|assez plate|style plat|écriture plate|récit plat|roman plat",
    -2.0: "pas terrible|pas top|pas génial|pas géniale|pas fameux|pas folichon|pas jojo|pas terrible du tout|"
    "pas très bon|pas très bonne|pas à la hauteur|pas a la hauteur|pas conforme|non conforme|pas accroché|"
    "pas accrochée|pas réussi à|pas réussie à|n'ai pas réussi|n'ai pas accroché|n'ai pas adhéré|"
    "n'ai pas aimé|pas aimé|pas du tout aimé|pas plu|pas du tout plu|pas emballé|pas emballée|"
    "passé à côté|passée à côté|suis passé à côté|suis passée à côté|ennuyé|tombé des mains|"
    "tombe des mains|abandonné|abandonnée|abandonné en cours|j'ai abandonné|abandon|lâché|laissé tomber|"
    "jamais reçu|jamais reçue|jamais arrivé|jamais arrivée|jamais livré|jamais livrée|pas reçu|pas reçue|"
    "jamais livrés|jamais livrées|pas livrés|pas livrées|pas arrivé|pas arrivée|pas arrivés|pas arrivées|pas livré|"
    "non livré|non livrés|non livrée|non livrées|pas été livré|pas été livrée|pas été livrés|pas été livrées|"
    "toujours pas reçu|toujours pas|toujours rien|"
    "toujours en attente|en attente de|aucune nouvelle|aucune nouvelles|sans nouvelles|sans nouvelle|"
    "aucune réponse|pas de réponse|sans réponse|personne ne répond|personne ne décroche|ne répond pas|"
    "ne répondent pas|ne répondez pas|jamais de réponse|aucun retour|pas de retour|sans retour|"
    "en retard|livraison en retard|retard de livraison|colis perdu|colis abîmé|colis endommagé|"
    "arrivé cassé|arrivée cassée|arrivé abîmé|arrivée abîmée|mauvais article|mauvaise taille|erreur de commande|"
    "rien ne va|rien ne va plus|rien n'allait|rien ne marche|pas très pro|pas pro du tout|"
    "laisse à désirer|laissent à désirer|laissait à désirer|laisse a désirer|"
    # How support goes wrong: hung up on, sent from one desk to the next, billed twice, never told.
    "raccroché au nez|raccroche au nez|on me balade|me balader|m'a baladé|m'a baladée|nous a baladés|"
    "personne n'a pu|personne ne sait|"
    "personne ne m'a rappelé|personne n'est venu|aucun geste commercial|pas de geste commercial|"
    "sans geste commercial|sans prévenir|sans me prévenir|sans nous prévenir|sans explication|"
    "sans aucune explication|facturé deux fois|facturée deux fois|prélevé deux fois|débité deux fois|"
    "double facturation|double prélèvement|frais cachés|porter plainte|se fait attendre|"
    "se fait toujours attendre|dû rappeler|dû relancer|relancer plusieurs fois|rappeler plusieurs fois|"
    "ne fonctionne pas|ne fonctionne plus|ne marche pas|ne marche plus|ne s'allume pas|ne s'allume plus|"
    "ne charge pas|ne charge plus|ne se connecte pas|plante sans arrêt|plante tout le temps|hors service|"
    "tombé en panne|"
    "tombée en panne|en panne|pas remboursé|pas remboursée|toujours pas remboursé|jamais remboursé|"
    "pas de remboursement|aucun remboursement|attend toujours|j'attends toujours|nous attendons toujours|"
    "perte de temps|perte d'argent|argent jeté|jeter l'argent|de l'argent jeté|à fuir|a fuir|fuyez|"
    "passez votre chemin|passer votre chemin|n'achetez pas|n'achetez jamais|ne commandez pas|"
    "je déconseille|je vous déconseille|déconseille|déconseillé|à éviter|a eviter|évitez|je ne recommande pas|"
    "je ne le recommande pas|je ne recommande pas du tout|ne recommande pas|ne le conseille pas|"
    "plus jamais|plus jamais ça|jamais plus|dernière fois|dernière commande|je ne commanderai plus|"
    "je ne reviendrai pas|je ne reviendrai plus|ne reviendrai plus|pris pour un imbécile|pris pour des imbéciles|"
    "se moquer du monde|se moque du monde|foutent du monde|se fiche du monde|n'importe quoi|"
    "service client injoignable|service client inexistant|service client déplorable|service client nul|"
    "mal écrit|mal traduit|mal fichu|mal conçu|mal fait|mal emballé|mauvaise qualité|qualité médiocre|"
    "piètre qualité|de mauvaise qualité|hors de prix|pas à la hauteur de|dommage que|quel dommage|c'est dommage|"
    "je me suis ennuyé|je me suis ennuyée|me suis ennuyé|me suis ennuyée|on s'ennuie|je m'ennuie|"
    "trouvé le temps long|trouve le temps long|"
    "je me suis forcé|je me suis forcée|me suis forcé|me suis forcée|difficile à lire|difficile de|"
    "du mal à rentrer|mal à entrer|pas compris|rien compris|sans intérêt|aucun intérêt|peu d'intérêt|"
    "pas d'intérêt|pas grand chose|pas grand-chose|pas grand intérêt|sans grand intérêt|pas vraiment aimé|"
    "pas vraiment convaincu|"
    "pas vraiment convaincue|pas convaincu du tout|ne m'a pas convaincu|ne m'a pas convaincue|"
    "ne m'a pas plu|ne m'a pas touché|ne m'a pas touchée|ne m'a pas emballé|ne m'a pas emballée|"
    "pas pu finir|pas pu terminer|pas réussi à finir|pas terminé|pas fini|déçu par|déçue par|"
    "grosse déception|une déception|une vraie déception|quelle déception|dans la douleur|"
    "sans queue ni tête|ni fait ni à faire|aucun sens|cousu de fil blanc|on s'y perd|tourne en rond|"
    # The reader and the book did not meet: a verdict without any adjective.
    "pas pour moi|pas fait pour moi|pas faite pour moi|pas ma tasse de thé|pas mon truc|pas mon genre|"
    "pas mon style|pas mon type de lecture|pas mon genre de livre|laissé de marbre|laissée de marbre|"
    "laissé indifférent|laissée indifférente|laissés indifférents|pas été au bout|pas allé au bout|"
    "pas allée au bout|pas pu aller au bout|lu en diagonale|en diagonale|tombe à plat|tombé à plat|"
    "tombent à plat|le soufflé retombe|pas tenu ses promesses|ne tient pas ses promesses|"
    "pas ce que j'attendais|pas ce que je recherchais|pas ce que j'espérais|en deçà de mes attentes|"
    "en dessous de mes attentes|loin de mes attentes|pas à la hauteur de mes attentes|goût d'inachevé|"
    "du déjà vu|déjà vu et revu|vu et revu|lu et relu|perdu le fil|perdre le fil|peu crédible|pas crédible|"
    "ennui mortel|mortel d'ennui|sans âme|sans relief|sans originalité|manque d'originalité|"
    "manque de profondeur|manque de rythme|manque de souffle|manque d'émotion|manque de crédibilité|"
    "fleur bleue|enfin fini|enfin terminé|en demi teinte|demi teinte|mi figue mi raisin|pas dedans|"
    "que du vent|en travers de la gorge|pas le public visé|pas le public cible|pas le bon public",
    -3.0: "pire expérience|la pire|le pire|à fuir absolument|fuyez pauvres fous|une honte|c'est une honte|"
    "une arnaque|c'est une arnaque|du vol|c'est du vol|vol pur et simple|foutage de gueule|"
    "nul à chier|zéro étoile|zero etoile|0 étoile|une étoile|1 étoile|zéro pointé|à jeter|a jeter|"
    "bon à jeter|bonne à jeter|poubelle|à la poubelle|jamais vu ça|du grand n'importe quoi|"
    "nul de chez nul|complètement nul|totalement nul|vraiment nul|archi nul|très mauvais|très mauvaise",
}

BOOSTERS: dict[str, float] = {
    "très": 1.3,
    "trop": 1.25,
    "vraiment": 1.3,
    "super": 1.35,
    "hyper": 1.4,
    "tellement": 1.35,
    "extrêmement": 1.5,
    "particulièrement": 1.3,
    "totalement": 1.4,
    "complètement": 1.4,
    "absolument": 1.45,
    "vachement": 1.35,
    "franchement": 1.25,
    "carrément": 1.3,
    "grave": 1.3,
    "énormément": 1.45,
    "incroyablement": 1.4,
    "terriblement": 1.45,
    "profondément": 1.35,
    "parfaitement": 1.3,
    "si": 1.2,
    "tout": 1.1,
    "bien": 1.15,
    "fort": 1.2,
    "follement": 1.4,
    "ultra": 1.4,
    "méga": 1.35,
    "archi": 1.4,
    "plus": 1.1,
    "beaucoup": 1.25,
    "vraiment très": 1.45,
    "assez": 0.8,
    "plutôt": 0.85,
    "plutot": 0.85,
    "légèrement": 0.55,
    "moyennement": 0.6,
    "quelque": 0.7,
    "presque": 0.7,
    "parfois": 0.75,
    "relativement": 0.8,
    "à peine": 0.5,
    "guère": 0.5,
}

BOOSTER_PHRASES: dict[str, float] = {
    "un peu": 0.6,
    "un petit peu": 0.55,
    "un brin": 0.6,
    "quelque peu": 0.65,
    "de loin": 1.3,
    "à peine": 0.5,
    "a peine": 0.5,
    "pas très": 0.8,
    "pas trop": 0.8,
    "vraiment très": 1.5,
}

NEGATORS: frozenset[str] = frozenset(
    [
        "ne",
        "n'",
        "pas",
        "jamais",
        "aucun",
        "aucune",
        "rien",
        "sans",
        "ni",
        "nullement",
        "non",
        "guere",
        # "moins bien", "moins intéressant": less is not; unmet hopes read like negations too
        # ("aurait pu être passionnant", "j'espérais un bon roman").
        "moins",
        # "peu crédible", "peu intéressant", "très peu convaincant" deny the adjective (while "un peu",
        # a booster phrase, only softens it): "peu bruyant" is then mildly good news.
        "peu",
        "aurait",
        "auraient",
        "espérais",
        "espérait",
        "espérant",
        "espérai",
        # The counterfactual "j'aurais aimé / préféré / voulu" and "censé être drôle" state a hope the
        # text did not meet; "je m'attendais à un roman haletant" too (the reviewer says so because it wasn't).
        "aurais",
        "aurions",
        "censé",
        "censée",
        "censés",
        "censées",
        "attendais",
        "promettait",
        "promettaient",
        # "loin d'être satisfait", "loin d'être à la hauteur" ("de loin", a booster, is no denial).
        "loin",
    ]
)

# Difficulty before an infinitive denies it like a negation: "j'ai eu du mal à accrocher", "peine à
# convaincre", "difficile de s'attacher", "impossible de s'ennuyer" (then good news).
HINDERERS: tuple[str, ...] = ("mal", "peine", "difficile", "difficulté", "difficultés", "impossible")

# "Bien" before a determiner or an object pronoun affirms, it does not praise: "il faut bien le dire",
# "je veux bien le croire", "il y a bien un souci", "je me souviens bien de la commande". After a degree
# word it is an opinion again: "j'ai trouvé moins bien la suite", "pas bien le montage".
AFFIRMERS: tuple[str, ...] = ("bien",)
AFFIRMED: tuple[str, ...] = (
    "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "me", "m'", "te", "t'", "se", "s'", "nous", "vous",
    "lui", "leur", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "son", "sa", "ses", "notre", "votre", "y",
)  # fmt: skip
DEGREE: tuple[str, ...] = (
    "moins", "plus", "très", "pas", "assez", "trop", "si", "aussi", "tout", "vraiment", "super", "plutôt", "fort",
)  # fmt: skip

# Accents that tell two words apart: without its accent "aidé" is the noun "aide" ("j'ai demandé de
# l'aide"), "touché" a key, "réglé" a rule, "marqué" a brand, "attaché" a clasp, and "marché" (a market)
# is not "marche" (it works), nor "salé" (salty) "sale" (dirty), nor "empire" (an empire) "empiré", nor
# "je préfère" (a comparison) "mon préféré". These entries count only when spelled so (inflections may follow).
EXACT_SPELLING: tuple[str, ...] = (
    "aidé", "touché", "réglé", "marqué", "attaché", "marche", "sale", "empiré", "préféré",
)  # fmt: skip

# Denied opinion verbs deny the clause they introduce: "je ne pense pas que ce soit fiable", "je ne
# peux pas dire que je sois satisfait", "je n'ai pas l'impression que le SAV soit compétent".
REPORTING: tuple[str, ...] = (
    "pense", "pensais", "penserais", "crois", "croyais", "croirais", "trouve", "trouvais", "trouverais", "dire",
    "dis", "dit", "dirais", "dirai", "estime", "affirmer", "prétendre", "impression", "sentiment", "semble",
    "sûr", "sûre", "certain", "certaine",
)  # fmt: skip
RAISING_NEGATORS: tuple[str, ...] = ("pas", "jamais", "guère")

# A negative question asserts: "N'est-ce pas inadmissible ?", "N'est-elle pas superbe ?". A negator
# right after a hyphenated inverted subject is no denial.
INVERTED_SUBJECTS: tuple[str, ...] = ("ce", "il", "elle", "ils", "elles", "on", "vous", "nous")

# Litotes: "pas moins" is as much, "pas peu" is very, "pas loin" is nearly: "le service n'en reste pas
# moins excellent", "je ne suis pas peu fier", "un produit non moins solide", "pas loin d'être parfait".
LITOTES: tuple[str, ...] = ("moins", "peu", "loin")
LITOTE_NEGATORS: tuple[str, ...] = ("pas", "non", "point")

# Ellipsis: "le"/"l'" stands for an opinion said just before, which a denial then takes back:
# "Ravie de l'accueil, je l'ai moins été du délai", "Satisfait du produit ? Je ne le suis pas."
# "plus" denies only after "ne" ("je ne l'ai plus été"; "il l'est plus que jamais" is more).
ELLIPSIS_PRONOUNS: tuple[str, ...] = ("l'", "le", "la")
ELLIPSIS_AUXILIARIES: tuple[str, ...] = (
    "ai", "a", "as", "avons", "avez", "ont", "avais", "avait", "avions", "aviez", "avaient",
)  # fmt: skip
ELLIPSIS_PARTICIPLES: tuple[str, ...] = ("été",)
ELLIPSIS_VERBS: tuple[str, ...] = (
    "suis", "es", "est", "sommes", "êtes", "sont", "étais", "était", "étions", "étiez", "étaient", "serai", "sera",
)  # fmt: skip
ELLIPSIS_DENIALS: tuple[str, ...] = ("moins", "pas", "jamais", "guère", "nullement", "point", "plus")
ELLIPSIS_DEGREES: tuple[str, ...] = (
    "beaucoup", "bien", "nettement", "largement", "clairement", "franchement", "vraiment", "un", "peu", "du", "tout",
    "tellement",
)  # fmt: skip

# Negation scope, emphasis, manner, remedies and durations: see `lexicon_en`.
SCOPE_BARRIERS: tuple[str, ...] = ("combien",)
EMPHATIC_NEGATORS: tuple[str, ...] = ("jamais",)
EMPHATIC: tuple[str, ...] = ("aussi", "si", "autant", "tant")
# ... and after the word: "je n'ai jamais abandonné un livre aussi vite" (an extreme, not a denial).
EMPHATIC_AFTER: tuple[str, ...] = ("aussi", "autant")
MANNER: tuple[str, ...] = ("facilement", "vite", "rapidement", "facile")
REMEDIES: tuple[str, ...] = ("résolu", "réglé", "corrigé", "réparé", "résout", "règle", "corrige", "répare")
DURATIONS: dict[str, str] = {
    "min": "minute", "minute": "minute", "minutes": "minute", "h": "hour", "heure": "hour", "heures": "hour",
    "jour": "day", "jours": "day", "semaine": "week", "semaines": "week", "mois": "month",
}  # fmt: skip
QUANTITIES: dict[str, float] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "dix": 10, "quinze": 15,
    "vingt": 20, "trente": 30, "quarante": 40, "quelques": 3, "plusieurs": 3,
}  # fmt: skip
WAIT_WORDS: tuple[str, ...] = (
    "attendu", "attendre", "attends", "attend", "attendons", "attente", "patienté", "patienter", "mis", "fallu",
)  # fmt: skip
LAST_WORDS: dict[str, bool] = {"duré": True, "dure": False, "tenu": True, "tient": False}
SHORT_WORDS: tuple[str, ...] = ("seulement", "que", "qu'", "juste", "moins", "peine")

# "mais", "cependant", ...: the clause after weighs more.
CONTRAST: frozenset[str] = frozenset(
    {"mais", "cependant", "pourtant", "toutefois", "néanmoins", "neanmoins", "sauf", "hormis"}
)
CONTRAST_PHRASES: tuple[str, ...] = ("par contre", "en revanche", "sauf que", "malheureusement", "dommage que")
CONCESSION: frozenset[str] = frozenset({"malgré", "malgre", "quoique", "bien que"})
CONCESSION_PHRASES: tuple[str, ...] = ("même si", "meme si", "bien que", "en dépit de", "malgré")

STOPWORDS: frozenset[str] = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d'",
        "l'",
        "et",
        "ou",
        "à",
        "au",
        "aux",
        "en",
        "dans",
        "sur",
        "pour",
        "par",
        "avec",
        "sans",
        "sous",
        "est",
        "sont",
        "était",
        "étaient",
        "été",
        "être",
        "avoir",
        "ai",
        "as",
        "avons",
        "avez",
        "ont",
        "avait",
        "j'",
        "je",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "me",
        "m'",
        "te",
        "t'",
        "se",
        "s'",
        "ce",
        "c'",
        "cet",
        "cette",
        "ces",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "leurs",
        "qui",
        "que",
        "qu'",
        "quoi",
        "dont",
        "où",
        "ne",
        "n'",
        "pas",
        "plus",
        "très",
        "trop",
        "aussi",
        "mais",
        "donc",
        "car",
        "ni",
        "si",
        "ça",
        "cela",
        "ceci",
        "y",
        "lui",
        "moi",
        "toi",
        "eux",
        "même",
        "tout",
        "tous",
        "toute",
        "toutes",
        "comme",
        "quand",
        "fait",
        "faire",
        "peu",
        "bien",
        "encore",
        "déjà",
        "toujours",
        "jamais",
        "rien",
        "chez",
        "c'est",
        "suis",
        "es",
        "sommes",
        "êtes",
        "j'ai",
        "n'est",
        "qu'il",
        "parce",
        "puis",
        "alors",
        "ainsi",
        "après",
        "avant",
        "depuis",
        "pendant",
        "vers",
    ]
)
