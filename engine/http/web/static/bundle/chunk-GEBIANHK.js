import{a as e,b as r}from"./chunk-ZUKYLLNG.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as WardleyModule,r as createWardleyServices};
