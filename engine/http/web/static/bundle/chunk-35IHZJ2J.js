import{a as e,b as r}from"./chunk-D7VK63SC.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as PieModule,r as createPieServices};
